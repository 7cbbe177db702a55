import ArgumentParser
import Foundation
import HallApp
import HallCounty
import HallReports
import Logging
import PostgresNIO

/// `hall county report --hall dongcun --month 2026-11`: a hall's monthly case report (办件情况月报)
/// from the county's database, the same file `hall report month` writes in that hall.
struct CountyHallReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write a hall's monthly case report from the county database, as PDF or CSV (the same as `hall report month` in the hall).")

    @OptionGroup var database: CountyDatabaseOptions

    @Option(help: "The hall's id in the county (its hall file's county.hall_id).")
    var hall: String

    @Option(help: "The month, YYYY-MM.")
    var month: String

    @Option(help: "pdf or csv.")
    var format: String = "pdf"

    @Option(help: "The file to write. Default: monthly-report-<hall>-YYYY-MM.<format> in the current folder.")
    var output: String?

    func run() async throws {
        guard let month = ReportMonth(month) else { throw failure("月份须为 YYYY-MM：\(month)\nThe month must be YYYY-MM: \(month)") }
        guard let format = ReportFormat(rawValue: format) else {
            throw failure("格式须为 pdf 或 csv：\(format)\nThe format must be pdf or csv: \(format)")
        }
        let logger = Logger(label: "county")
        let client = PostgresClient(configuration: try database.target().clientConfiguration(), backgroundLogger: logger)
        let report = try await withThrowingTaskGroup(of: MonthlyReport?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            let report = try await CountyQueries(client: client, logger: logger).hallMonthlyReport(hall: hall, month: month)
            group.cancelAll()
            return report
        }
        guard let report else {
            throw failure("县级库中没有大厅 \(hall)（或其尚未送来配置）\nThe county has no hall \(hall), or it has sent no profile yet", exitCode: 2)
        }
        let data = try HallReporter.file(report.document, format: format)
        let target = output ?? "monthly-report-\(hall)-\(month).\(format.rawValue)"
        try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        print("已生成 Written: \(target) (\(data.count) bytes)")
    }
}
