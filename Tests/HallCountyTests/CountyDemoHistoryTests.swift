import Foundation
import HallApp
import HallConfig
import HallCore
import HallReports
import HallStore
import Logging
import PostgresNIO
import Testing

@testable import HallCounty

/// The demo hall's own history (``HallHistory``: the hall's commands on a simulated clock, with bad
/// ratings whose follow-ups are assigned, called back and closed over the following days)
/// forwarded into a county: the page's comparison line of the hall equals the hall's own monthly
/// report, column by column.
@Suite("The county's comparison of the demo hall equals its own report", .timeLimit(.minutes(6)))
struct CountyDemoHistoryTests {
    @Test("30 days of the demo hall's history: every comparison column of the hall and month is the hall's own report's")
    func comparisonEqualsTheHallsReport() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("county-demo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try HallFileLoader.load(path: CountyHallProcess.repository.appendingPathComponent("Halls/demo-hall.yaml").path)
        let configuration = file.configuration
        let database = try HallDatabase(path: folder + "/hall.sqlite")
        try database.saveConfiguration(configuration)
        var quiet = Logger(label: "demo-history")
        quiet.logLevel = .error
        // As `hall serve` makes it for the demo hall whose clock starts on 2026-11-23 at 09:00.
        let start = try #require(ISO8601DateFormatter().date(from: "2026-11-23T09:00:00+08:00"))
        let summary = try await HallHistory.generate(into: database, days: 30, before: start, logger: quiet)
        #expect(summary.badRatings > 0)

        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        let ingest = CountyIngest(hallID: "qingshan", logger: server.logger)
        let references = try CountyReferences.hall(database)
        var partitions = Set<String>()
        var profile: CountyHallProfile? = CountyRedaction.profile(configuration)
        var after: Int64 = 0
        while true {
            let entries = try database.entries(after: after, limit: 500)
            guard let last = entries.last else { break }
            try await ingest.commit(
                entries.map { CountyRedaction.record($0, references: references) }, profile: profile, on: connection,
                knownPartitions: &partitions)
            profile = nil
            after = last.seq
        }
        try await connection.close()

        let hall = HallReporter(database: database, configuration: configuration)
        try await server.withQueries { queries in
            var closedSomewhere = false
            for text in ["2026-10", "2026-11"] {
                let month = try #require(CountyMonth(text))
                let own = try hall.monthly(try #require(ReportMonth(text)))
                let total = try #require(own.byService.rows.last)
                func cell(_ key: String) -> ReportValue? {
                    own.byService.columns.firstIndex { $0.key == key }.map { total[$0] }
                }
                func count(_ key: String) -> Int? {
                    if case .count(let n) = cell(key) { return n }
                    return nil
                }
                func rate(_ key: String) -> Double? {
                    if case .rate(let r) = cell(key) { return r.map { ($0 * 1000).rounded() / 1000 } }
                    return nil
                }
                // The page's line of the hall, as the server makes it.
                var rows = try await queries.compare(month: month, by: .hall)
                let figures = try await queries.reportFigures(month: month, by: .hall, hall: nil, keys: rows.map(\.key))
                for i in rows.indices { rows[i].report = figures[rows[i].key] }
                let line = try #require(rows.first { $0.key == "qingshan" }, "no line for the hall in \(text)")
                let report = try #require(line.report, "\(text)")
                #expect(line.visits == count("issued"), "服务量 \(text)")
                #expect(line.finished == count("served"), "办结 \(text)")
                #expect(line.noShows == count("no_shows"), "过号 \(text)")
                #expect(line.rated == count("rated"), "评价 \(text)")
                #expect(line.bad == count("bad_ratings"), "差评 \(text)")
                #expect((line.satisfactionRate * 1000).rounded() / 1000 == rate("satisfaction_rate"), "满意率 \(text)")
                #expect(report.satisfactionRate == rate("satisfaction_rate"), "满意率 (report) \(text)")
                #expect(report.badRatings == count("bad_ratings"), "差评 (report) \(text)")
                #expect(report.oneVisitRate == rate("one_visit_rate"), "一次办结率 \(text)")
                #expect(report.onTimeRate == rate("on_time_rate"), "按时办结率 \(text)")
                #expect(report.followUpClosedRate == rate("bad_closed_rate"), "差评整改办结率 \(text)")
                #expect(report.casesAccepted == count("cases_accepted"), "受理件数 \(text)")
                #expect(report.casesFinished == count("cases_finished"), "办结件数 \(text)")
                #expect(report.complaints == count("complaints"), "投诉 \(text)")
                #expect(report.complaintsRepliedOnTime == count("complaints_replied_on_time"), "按期答复 \(text)")
                #expect(report.appointmentsBooked == count("appointments_booked"), "预约 \(text)")
                for kind in VisitOutcome.Kind.allCases {
                    #expect(report.outcomes[kind.rawValue] == count("outcome_\(kind.rawValue)"), "\(kind.rawValue) \(text)")
                }
                if let closed = rate("bad_closed_rate"), closed > 0 { closedSomewhere = true }
            }
            #expect(closedSomewhere, "the history closed no follow-up: the comparison of 差评整改办结率 would prove nothing")
        }
    }
}
