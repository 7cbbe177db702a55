import Foundation
import HallApp
import HallCore
import HallCountyBench
import HallReports
import Logging
import PostgresNIO
import Testing

@testable import HallCounty

/// The county's reports read projections kept at ingest: the county-wide report adds up the halls'
/// own reports, and a batch delivered again (a forwarder resuming after it was killed) changes no
/// figure, nor does rebuilding the projections from the events.
@Suite("The county's projections", .timeLimit(.minutes(5)))
struct CountyProjectionTests {
    static let months = ["2025-01", "2025-02", "2025-03"]

    /// Every table of the county report and each hall's own report, as text, for every month.
    static func figures(_ queries: CountyQueries, halls: [String]) async throws -> [String] {
        var all: [String] = []
        for text in months {
            let month = try #require(ReportMonth(text))
            all.append(String(decoding: try await queries.countyReport(month: month).document.csv, as: UTF8.self))
            for hall in halls {
                let report = try #require(try await queries.hallMonthlyReport(hall: hall, month: month))
                all.append(String(decoding: report.document.csv, as: UTF8.self))
            }
        }
        return all
    }

    @Test("The county-wide report equals the sum of the halls' own reports; a batch sent again or a rebuild changes nothing")
    func sumAndRedelivery() async throws {
        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        let halls = ["dongcun", "xicun", "nanzhen"]
        var journals: [[CountyRecord]] = []
        for (i, hall) in halls.enumerated() {
            var generator = CountyDayGenerator(seed: UInt64(20 + i), visitsPerDay: 40)
            var journal: [JournalEntry] = []
            for day in 0..<45 { journal += generator.day(CountyDayGenerator.workingDay(day)) }
            let references = CountyReferences.random()
            let records = journal.map { CountyRedaction.record($0, references: references) }
            journals.append(records)
            var partitions = Set<String>()
            var profile: CountyHallProfile? = CountyBench.profile(hall: i + 1)
            // Three fifths of the journal, then the forwarder is killed after a commit it never
            // heard of: it resumes from an earlier entry, so its next batches straddle the mark.
            let killed = records.count * 3 / 5
            for start in stride(from: 0, to: killed, by: 700) {
                try await CountyIngest(hallID: hall, logger: server.logger).commit(
                    Array(records[start..<min(start + 700, killed)]), profile: profile, on: connection, knownPartitions: &partitions)
                profile = nil
            }
            for start in stride(from: killed - 1_000, to: records.count, by: 1_100) {
                try await CountyIngest(hallID: hall, logger: server.logger).commit(
                    Array(records[start..<min(start + 1_100, records.count)]), on: connection, knownPartitions: &partitions)
            }
        }
        let client = PostgresClient(configuration: try CountyTarget(url: server.url).clientConfiguration(), backgroundLogger: server.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let queries = CountyQueries(client: client, logger: server.logger)
            for text in Self.months {
                let month = try #require(ReportMonth(text))
                let county = try await queries.countyReport(month: month)
                var own: [MonthlyReport] = []
                for hall in halls { own.append(try #require(try await queries.hallMonthlyReport(hall: hall, month: month))) }
                #expect(county.byHall.rows.map { $0[0] } == (halls.sorted() + ["total"]).map { .text($0) })
                for (row, hall) in halls.sorted().enumerated() {
                    let report = try #require(own[halls.firstIndex(of: hall)!].byService.rows.last)
                    #expect(Array(county.byHall.rows[row].dropFirst(2)) == Array(report.dropFirst(2)), "\(hall) \(text)")
                }
                let total = try #require(county.byHall.rows.last)
                for (c, column) in county.byHall.columns.enumerated().dropFirst(2) {
                    guard case .count(let n) = total[c] else { continue }
                    let sum = own.reduce(0) { sum, report in
                        if case .count(let k) = report.byService.rows.last![c] { return sum + k }
                        return sum
                    }
                    #expect(n == sum, "\(column.key), \(text)")
                }
                // Each service of the county adds up the halls' rows of that service, and the daily
                // chart the halls' days.
                for (r, row) in county.byService.rows.dropLast().enumerated() {
                    for (c, value) in row.enumerated().dropFirst(2) {
                        guard case .count(let n) = value else { continue }
                        let sum = own.reduce(0) { sum, report in
                            if case .count(let k) = report.byService.rows[r][c] { return sum + k }
                            return sum
                        }
                        #expect(n == sum, "\(county.byService.columns[c].key) of \(row[0]), \(text)")
                    }
                }
                #expect(
                    county.daily.values
                        == own.map(\.daily.values).reduce(Array(repeating: 0, count: county.daily.values.count)) {
                            zip($0, $1).map(+)
                        })
                #expect(county.daily.values.reduce(0, +) > 0)
                // The county's median waits (ranked in SQL within the minute that holds them) are the
                // medians of every hall's visits of the service, and of all of them, as the hall ranks.
                var visits: [VisitRecord] = []
                for hall in halls { visits += try #require(try await queries.hallMonth(hall, month)).visits }
                let median = try #require(county.byService.columns.firstIndex { $0.key == "wait_p50_minutes" })
                for row in county.byService.rows {
                    guard case .text(let service) = row[0] else { continue }
                    let members = service == "total" ? visits : visits.filter { $0.serviceID == service }
                    let own = PeriodFigures(key: service, members, waitTargetMinutes: 15).waitP50Seconds
                    #expect(row[median] == .minutes(own.map { Double($0) / 60 }), "median of \(service), \(text)")
                }
            }
            let before = try await Self.figures(queries, halls: halls)
            // What the reports do not show but a step applied twice would change: the follow-ups'
            // histories, the visits' transfers.
            let steps =
                "SELECT (SELECT sum(jsonb_array_length(record->'history')) FROM follow_ups)::bigint + (SELECT sum(transfers) FROM visits)::bigint"
            let stepsBefore = try await connection.all(PostgresQuery(unsafeSQL: steps), as: Int64.self, logger: server.logger)

            // Every batch sent once more changes nothing either.
            var partitions = Set<String>()
            for (i, hall) in halls.enumerated() {
                let records = journals[i]
                for start in stride(from: 350, to: records.count, by: 1_100) {
                    try await CountyIngest(hallID: hall, logger: server.logger).commit(
                        Array(records[start..<min(start + 1_100, records.count)]), on: connection, knownPartitions: &partitions)
                }
            }
            #expect(try await Self.figures(queries, halls: halls) == before, "a batch sent again changes nothing")
            #expect(try await connection.all(PostgresQuery(unsafeSQL: steps), as: Int64.self, logger: server.logger) == stepsBefore)
            let counted = try await connection.all("SELECT count(*) FROM events", as: Int64.self, logger: server.logger)
            #expect(counted == [Int64(journals.map(\.count).reduce(0, +))])

            try await connection.withTransaction(logger: server.logger) { c in
                try await CountyIngest.rebuildProjections(on: c, logger: server.logger)
            }
            // The projections rebuilt from the events, each applied once, are the ones the batches
            // above kept, straddling the mark or not.
            #expect(try await Self.figures(queries, halls: halls) == before, "rebuilt from the events")
            #expect(try await connection.all(PostgresQuery(unsafeSQL: steps), as: Int64.self, logger: server.logger) == stepsBefore)
            group.cancelAll()
        }
        try await connection.close()
    }
}
