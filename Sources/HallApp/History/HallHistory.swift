import Foundation
import HallCore
import HallStore
import Logging

/// The past a new hall can start with: days generated through the hall's own commands
/// (``SimulatedDays``), so statistics, reports and follow-ups have something to show on a demo.
public enum HallHistory {
    /// Days of history a new demo hall gets before its clock starts.
    public static let demoDays = 30

    /// Whether `hallFile` is the demo hall shipped with ServiceHall (its file name).
    public static func isDemoHall(_ hallFile: String) -> Bool {
        (hallFile as NSString).lastPathComponent == (HallBootstrap.demoHallFile as NSString).lastPathComponent
    }

    /// Generates the `days` calendar days before the day of `start` into `database` (already
    /// configured), through a hall of its own on a simulated clock. Returns what was generated.
    public static func generate(
        into database: HallDatabase, days: Int, before start: Date, seed: UInt64 = 20_261_123, logger: Logger
    ) async throws -> SimulatedDays.Summary {
        guard days > 0, let configuration = try database.loadConfiguration() else { return SimulatedDays.Summary() }
        let offset = configuration.schedule.utcOffsetMinutes
        let today = LocalDate.local(start, utcOffsetMinutes: offset).date
        let first = today.adding(days: -days)
        let clock = ManualHallClock(first.instant(minute: 0, utcOffsetMinutes: offset))
        let hall = try Hall(database: database, clock: clock, logger: logger)
        return try await SimulatedDays(seed: seed).run(hall: hall, clock: clock, from: first, through: today.adding(days: -1))
    }
}
