import ArgumentParser
import Foundation
import HallApp
import HallReports
import HallStore

/// `hall report month|appraisal YYYY-MM`: the monthly case report and the staff appraisal sheet as
/// PDF or CSV, from the hall's database (it may run meanwhile).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the monthly case report (办件情况月报) or the staff appraisal sheet (考核表) as PDF or CSV.",
        subcommands: [MonthReport.self, AppraisalReport.self])
}

/// What both reports take on the command line.
struct ReportOptions: ParsableArguments {
    @Argument(help: "The month, YYYY-MM (e.g. 2026-11).")
    var month: String

    @Option(help: "Where the hall keeps its database. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    @Option(help: "pdf or csv.")
    var format: String = "pdf"

    @Option(help: "The file to write. Default: <report>-YYYY-MM.<format> in the current folder.")
    var output: String?

    /// Opens the hall's database and writes the document that `make` builds from it.
    func write(name: String, _ make: (HallReporter, ReportMonth) throws -> ReportDocument) throws {
        guard let month = ReportMonth(month) else { throw failure("月份须为 YYYY-MM：\(month)\nThe month must be YYYY-MM: \(month)") }
        guard let format = ReportFormat(rawValue: format) else {
            throw failure("格式须为 pdf 或 csv：\(format)\nThe format must be pdf or csv: \(format)")
        }
        let path = ((dataDir ?? InstalledPaths.current.dataDirectory) as NSString).appendingPathComponent("hall.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            throw failure("没有数据库：\(path)\nNo hall database at \(path) (use --data-dir)", exitCode: 2)
        }
        do {
            let database = try HallDatabase(path: path)
            guard let configuration = try database.loadConfiguration() else {
                throw failure("数据库中没有大厅配置：\(path)\nThe database holds no hall configuration: \(path)", exitCode: 2)
            }
            let document = try make(HallReporter(database: database, configuration: configuration), month)
            let data = try HallReporter.file(document, format: format)
            let target = output ?? "\(name)-\(month).\(format.rawValue)"
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
            print("已生成 Written: \(target) (\(data.count) bytes)")
        } catch let problem as HallDatabaseProblem {
            throw failure(problem.description, exitCode: 2)
        }
    }
}

struct MonthReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "month", abstract: "The monthly case report (办件情况月报) by service and by window.")

    @OptionGroup var options: ReportOptions

    func run() throws { try options.write(name: "monthly-report") { try $0.monthly($1).document } }
}

struct AppraisalReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appraisal", abstract: "The staff appraisal sheet (考核表): per member of staff, with the score.")

    @OptionGroup var options: ReportOptions

    func run() throws { try options.write(name: "appraisal") { try $0.appraisal($1).document } }
}
