import Foundation
import HallCore
import HallStore

/// One simulated day in the making: the hall, the clock, the day's plan of steps in time order, and
/// what the activities need to know about the windows while it runs.
final class HallDay {
    typealias Step = (HallDay) async throws -> Void

    /// A window's staff member leaving it for a while: the window pauses with `reason`, the presence
    /// board shows `presence`, and both come back after `minutes`.
    struct Break {
        var minutes: Double
        var presence: Presence
        var reason: String
    }

    let hall: Hall
    let clock: ManualHallClock
    let date: LocalDate
    let configuration: HallConfiguration
    let profile: SimulatedDays.Profile
    var generator: SeededGenerator
    /// Every staff member's presence as the hall holds it.
    var presence: [String: Presence]
    var summary = SimulatedDays.Summary()
    /// The day's opening periods, in order.
    let periods: [OpeningPeriod]
    /// Breaks a window takes once its current resident is done.
    var breaks: [Int: Break] = [:]
    /// The service of each ticket issued today, by visit id.
    var services: [String: String] = [:]
    private var agenda = Agenda<Step>()

    init(
        hall: Hall, clock: ManualHallClock, date: LocalDate, configuration: HallConfiguration, profile: SimulatedDays.Profile,
        generator: SeededGenerator, presence: [String: Presence]
    ) {
        self.hall = hall
        self.clock = clock
        self.date = date
        self.configuration = configuration
        self.profile = profile
        self.generator = generator
        self.presence = presence
        self.periods = configuration.schedule.periods(on: date).sorted { $0.start < $1.start }
    }

    var isMarketDay: Bool { configuration.schedule.isMarketDay(date) }

    /// The instant of `minute` of this day, in the hall's time zone.
    func instant(minute: Double) -> Date {
        date.instant(minute: 0, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).addingTimeInterval(minute * 60)
    }

    var opening: Date { instant(minute: Double(periods.first?.start ?? 0)) }
    var closing: Date { instant(minute: Double(periods.last?.end ?? 0)) }
    var now: Date { clock.now() }

    /// Plans `step` at `at` (to the millisecond, the journal's precision).
    func plan(at: Date, _ step: @escaping Step) {
        agenda.plan(step, at: Date(millis: at.millis))
    }

    /// Plans `step` `seconds` from now.
    func plan(in seconds: Double, _ step: @escaping Step) { plan(at: now.addingTimeInterval(seconds), step) }

    /// Runs the planned steps in time order, each at its instant, until none is left.
    func run() async throws {
        while let (at, step) = agenda.next() {
            if at > clock.now() { clock.set(at) }
            try await step(self)
        }
    }

    /// Runs `command` now: its journal entries, or nil when the hall refuses it (counted).
    @discardableResult
    func execute(_ command: HallCommand) async throws -> [JournalEntry]? {
        do {
            let entries = try await hall.executeQueued(command)
            summary.commands += 1
            return entries
        } catch is HallError {
            summary.refused += 1
            return nil
        }
    }

    /// Sets a staff member's presence when it differs from what the board shows.
    func setPresence(_ staffID: String, _ new: Presence) async throws {
        guard presence[staffID] != new else { return }
        if try await execute(.setPresence(staffID: staffID, presence: new)) != nil { presence[staffID] = new }
    }
}
