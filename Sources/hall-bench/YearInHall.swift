import Foundation
import HallApp
import HallConfig
import HallCore
import HallReports
import HallStore
import Logging

/// A year in the hall, generated day by day through the hall's commands (``SimulatedDays``) into a
/// fresh database; then the figures an administrator waits for on it.
struct YearInHall {
    struct Result {
        var summary = SimulatedDays.Summary()
        var generateSeconds = 0.0
        /// This process's resident memory after the first and after the 30th day the hall opened.
        var memoryDay1 = 0.0
        var memoryDay30 = 0.0
        /// Its resident memory every 30 days the hall opened, and its own data (`RssAnon`) then.
        var memorySeries: [(day: Int, resident: Double, own: Double)] = []
        var coldStart = 0.0
        var monthSatisfaction = 0.0
        var monthBadRatings = 0.0
        /// One month's queue figures (``HallReporter/statistics(from:to:by:)``, the slowest grouping).
        var monthQueue = 0.0
        var monthlyReport = 0.0
        var appraisal = 0.0
        /// Cases accepted over the year.
        var cases = 0
        var databaseBytes: Int64 = 0
        var events = 0
    }

    var configurationPath: String
    var first: LocalDate
    var days: Int
    /// Where the year's database is kept after the run (for a profiler); nil: a temporary folder, removed.
    var keep: String? = nil

    func run(progress: (String) -> Void) async throws -> Result {
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("hall-bench-year-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let path = (directory as NSString).appendingPathComponent("hall.sqlite")
        var logger = Logger(label: "bench.year")
        logger.logLevel = .error
        var result = Result()
        do {
            let database = try HallDatabase(path: path)
            try await HallBootstrap.seed(database, from: try HallFileLoader.load(path: configurationPath))
            let offset = try database.loadConfiguration()!.schedule.utcOffsetMinutes
            let clock = ManualHallClock(first.instant(minute: 0, utcOffsetMinutes: offset))
            let hall = try Hall(database: database, clock: clock, logger: logger)
            let start = ContinuousClock.now
            for index in 0..<days {
                let date = first.adding(days: index)
                // A seed per day: each day its own, the year the same on every run.
                let day = try await SimulatedDays(seed: 20_261_123 &+ UInt64(index)).run(
                    hall: hall, clock: clock, from: date, through: date)
                result.summary.add(day)
                if day.days > 0 && result.summary.days == 1 { result.memoryDay1 = residentMegabytes() }
                if day.days > 0 && result.summary.days == 30 { result.memoryDay30 = residentMegabytes() }
                if day.days > 0 && (result.summary.days == 1 || result.summary.days % 30 == 0) {
                    result.memorySeries.append((result.summary.days, residentMegabytes(), anonymousMegabytes()))
                }
                if index % 30 == 29 { progress("year in the hall: \(index + 1) of \(days) days, \(result.summary.tickets) tickets") }
            }
            result.generateSeconds = (ContinuousClock.now - start).milliseconds / 1000
            result.events = try database.counts().events
        }
        // A cold start: the database opened anew and the hall rebuilt from it.
        let (database, open) = try await timed { () async throws -> HallDatabase in
            // As `hall serve` opens it: the integrity check beside the rebuild.
            let database = try HallDatabase(path: path, check: .besideStart)
            let clock = ManualHallClock(first.adding(days: days).instant(minute: 0, utcOffsetMinutes: 480))
            _ = try await HallBootstrap.openHall(on: database, clock: clock, logger: Logger(label: "hall-bench"))
            return database
        }
        result.coldStart = open
        // The last whole month of the year.
        let last = first.adding(days: days - 1)
        let monthEnd = LocalDate(year: last.year, month: last.month, day: 1).adding(days: -1)
        let monthStart = LocalDate(year: monthEnd.year, month: monthEnd.month, day: 1)
        for grouping in StatisticsGrouping.allCases {
            let (_, ms) = try await timed { try database.satisfaction(from: monthStart, to: monthEnd, by: grouping) }
            result.monthSatisfaction = max(result.monthSatisfaction, ms)
        }
        (_, result.monthBadRatings) = try await timed { try database.badRatings(from: monthStart, to: monthEnd) }
        let reporter = HallReporter(database: database, configuration: try database.loadConfiguration()!)
        for grouping in PeriodGrouping.allCases {
            let (_, ms) = try await timed { try reporter.statistics(from: monthStart, to: monthEnd, by: grouping) }
            result.monthQueue = max(result.monthQueue, ms)
        }
        let month = ReportMonth("\(monthStart.description.prefix(7))")!
        (_, result.monthlyReport) = try await timed { try reporter.monthly(month).document.csv }
        (_, result.appraisal) = try await timed { try reporter.appraisal(month).document.csv }
        result.cases = try database.cases().count
        result.databaseBytes = folderBytes(directory)
        return result
    }
}
