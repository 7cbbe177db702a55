import Foundation
import HallApp
import HallCore
import HallCounty
import HallReports
import Logging
import PostgresNIO

/// `hall-county-bench` (`make bench-county`): the county database measured on this machine. Bench
/// code, out of the production modules: the `hall` program does not contain it.
///
/// 1. Ingest: every hall's first five working days, made and redacted beforehand (the halls' work),
///    then sent by all halls at once in batches of 5 000 through ``CountyIngest`` (the forwarder's
///    own transaction): events per second the county database absorbs.
/// 2. The rest of a county: `halls` halls × `days` working days × `visitsPerDay` visits, made and
///    forwarded by one connection per hall at once.
/// 3. The county monthly report over all of it, from the projections: the document (every hall's row
///    and the county's, every column), as CSV and as PDF, and the page's comparison (best of five each).
public struct CountyBench: Sendable {
    public static let reportGoalMilliseconds = 200.0
    public static let ingestGoal = 50_000.0

    let target: CountyTarget
    let halls: Int
    let days: Int
    let visitsPerDay: Int
    /// Only step 3, on a county an earlier run of the same size filled (for profiling the report).
    let reportOnly: Bool

    public init(target: CountyTarget, halls: Int, days: Int, visitsPerDay: Int, reportOnly: Bool = false) {
        self.target = target
        self.halls = halls
        self.days = days
        self.visitsPerDay = visitsPerDay
        self.reportOnly = reportOnly
    }

    public func run(print: @escaping @Sendable (String) -> Void) async throws {
        let logger = {
            var logger = Logger(label: "county-bench")
            logger.logLevel = .warning
            return logger
        }()
        if !reportOnly { try await fill(logger: logger, print: print) }
        try await measureReport(logger: logger, print: print)
    }

    /// Steps 1 and 2: the ingest rate, then the rest of the county's year.
    func fill(logger: Logger, print: @escaping @Sendable (String) -> Void) async throws {
        let configuration = try target.connectionConfiguration()
        let setup = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await CountySchema.migrate(setup, logger: logger)
        for try await count in try await setup.query("SELECT count(*) FROM halls", logger: logger).decode(Int64.self) where count > 0 {
            try? await setup.close()
            throw BenchProblem.notEmpty
        }
        try await setup.close()
        print("county bench: \(target.display), \(halls) halls × \(days) working days × \(visitsPerDay) visits a day")

        // 1. Ingest: the first working days of every hall, made and redacted beforehand (that is the
        //    halls' work, each on its own machine), then committed by every hall at once, one
        //    connection each, in batches of 5 000 through the forwarder's own transaction: what the
        //    county database absorbs.
        let ingestDays = min(days, 5)
        let keys = (0..<halls).map { _ in CountyReferences.random() }
        let heads = try await withThrowingTaskGroup(of: (Int, CountyDayGenerator, [[CountyRecord]]).self) { group in
            for hall in 0..<halls {
                group.addTask {
                    var generator = CountyDayGenerator(seed: UInt64(hall + 1), visitsPerDay: visitsPerDay)
                    var records: [CountyRecord] = []
                    for day in 0..<ingestDays {
                        records += generator.day(CountyDayGenerator.workingDay(day)).map {
                            CountyRedaction.record($0, references: keys[hall])
                        }
                    }
                    let batches = stride(from: 0, to: records.count, by: 5_000).map { Array(records[$0..<min($0 + 5_000, records.count)]) }
                    return (hall, generator, batches)
                }
            }
            var all: [(Int, CountyDayGenerator, [[CountyRecord]])] = []
            for try await head in group { all.append(head) }
            return all.sorted { $0.0 < $1.0 }
        }
        let start = ContinuousClock.now
        let ingested = try await withThrowingTaskGroup(of: Int.self) { group in
            for (hall, _, batches) in heads {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: hall + 1, logger: logger)
                    let ingest = CountyIngest(hallID: String(format: "hall-%02d", hall + 1), logger: logger)
                    var partitions = Set<String>()
                    // The hall's configuration goes with its first batch, as a forwarder sends it.
                    var profile: CountyHallProfile? = Self.profile(hall: hall + 1)
                    for batch in batches {
                        try await ingest.commit(batch, profile: profile, on: connection, knownPartitions: &partitions)
                        profile = nil
                    }
                    try await connection.close()
                    return batches.reduce(0) { $0 + $1.count }
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (ContinuousClock.now - start).seconds
        print(
            String(
                format: "ingest into PostgreSQL: %d events of %d halls × %d days in %.1f s = %.0f events/s (goal ≥ 50 000/s)", ingested,
                halls, ingestDays, seconds, Double(ingested) / seconds))

        // 2. The rest of the county year: every hall at once, making its days as it sends them.
        let yearStart = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for (hall, generator, _) in heads {
                group.addTask {
                    var generator = generator
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: hall + 1, logger: logger)
                    let ingest = CountyIngest(hallID: String(format: "hall-%02d", hall + 1), logger: logger)
                    var partitions = Set<String>()
                    var sent = 0
                    var batch: [CountyRecord] = []
                    for day in ingestDays..<days {
                        for entry in generator.day(CountyDayGenerator.workingDay(day)) {
                            batch.append(CountyRedaction.record(entry, references: keys[hall]))
                            if batch.count == 5_000 {
                                try await ingest.commit(batch, on: connection, knownPartitions: &partitions)
                                sent += batch.count
                                batch.removeAll(keepingCapacity: true)
                            }
                        }
                    }
                    if !batch.isEmpty { try await ingest.commit(batch, on: connection, knownPartitions: &partitions) }
                    try await connection.close()
                    return sent + batch.count
                }
            }
            return try await group.reduce(0, +)
        }
        print(
            String(
                format: "county year: %d more events made, redacted and sent in %.1f s (%d events in all)", total,
                (ContinuousClock.now - yearStart).seconds, total + ingested))
    }

    /// Step 3: the county monthly report of a month in the middle of the year, and the page's comparison.
    func measureReport(logger: Logger, print: @escaping @Sendable (String) -> Void) async throws {
        let client = PostgresClient(configuration: try target.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let queries = CountyQueries(client: client, logger: logger)
            // A month in the middle of the simulated year (June 2025 for 250 working days).
            let middle = CountyDayGenerator.workingDay(days / 2)
            let month = ReportMonth(String(format: "%04d-%02d", middle.year, middle.month))!
            func best(_ what: () async throws -> Void) async throws -> Double {
                var best = Duration.seconds(1_000)
                for _ in 0..<5 {
                    let begin = ContinuousClock.now
                    try await what()
                    best = min(best, ContinuousClock.now - begin)
                }
                return best.seconds * 1000
            }
            var document: CountyReportDocument?
            let csv = try await best {
                let report = try await queries.countyReport(month: month)
                _ = report.document.csv
                document = report
            }
            let pdf = try await best { _ = try HallReporter.file(try await queries.countyReport(month: month).document, format: .pdf) }
            let visits = document.flatMap { $0.byHall.value(row: $0.byHall.rows.count - 1, key: "issued") }.map { "\($0.csv)" } ?? "?"
            for (format, ms) in [("CSV", csv), ("PDF", pdf)] {
                print(
                    String(
                        format:
                            "county monthly report %@ as %@ (%d halls, %@ visits, from the projections): %.1f ms (best of 5; goal ≤ %.0f ms)",
                        month.description, format, (document?.byHall.rows.count ?? 1) - 1, visits, ms, Self.reportGoalMilliseconds))
            }
            let countyMonth = CountyMonth(month.description)!
            let compare = try await best {
                var rows = try await queries.compare(month: countyMonth, by: .hall)
                let figures = try await queries.reportFigures(month: countyMonth, by: .hall, hall: nil, keys: rows.map(\.key))
                for i in rows.indices { rows[i].report = figures[rows[i].key] }
            }
            print(String(format: "county page's comparison by hall %@: %.1f ms (best of 5)", month.description, compare))
        }
    }

    /// The profile of the simulated hall `n`, as its forwarder sends it: the generator's services
    /// and four windows, redacted by the hall's own ``CountyRedaction``.
    public static func profile(hall n: Int) -> CountyHallProfile {
        CountyRedaction.profile(
            CountyDayGenerator.configuration(name: LocalizedText(zh: "第\(n)乡镇便民服务中心", en: "Township hall \(n)"), department: "综合"))
    }

    enum BenchProblem: Error, CustomStringConvertible {
        case notEmpty
        var description: String { "the county bench needs an empty scratch database (it found halls in this one)" }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
