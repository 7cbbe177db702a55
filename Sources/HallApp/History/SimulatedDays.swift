import Foundation
import HallCore

/// Realistic days in the hall, generated through the hall's own commands on a simulated clock.
///
/// Every working day of the range (the hall's schedule decides: weekdays, market days — also on a
/// weekend —, no holidays) residents arrive at the kiosk (``Profile/visitsPerDay``, more on market
/// days, more in the morning), windows open with their staff, call, serve, skip the residents who do
/// not come, transfer a few, pause for a while, staff change their presence (a meeting, out on
/// business, a day of leave), and residents rate their visit on the evaluator, some of them badly,
/// with a reason. Each of these is a command to ``Hall``: decided by the core, journaled with its
/// projections exactly as a live hall does it. Nothing is written into the tables directly.
///
/// The same seed gives the same history. Used by `hall serve` to give a new demo hall the 30 days
/// before its clock starts (``HallHistory``), and by the benchmark's year in the hall.
///
/// ```swift
/// let clock = ManualHallClock(start)
/// let hall = try Hall(database: database, clock: clock)
/// let summary = try await SimulatedDays(seed: 7).run(hall: hall, clock: clock, from: first, through: last)
/// ```
///
/// Each kind of activity is one function in `SimulatedDays+Activities.swift` that plans its steps
/// on the day's ``HallDay``; a new kind (outcomes, cases, appointments …) is one more function there
/// and one line in ``simulate(_:)``.
public struct SimulatedDays: Sendable {
    /// How busy and how content the hall is.
    public struct Profile: Sendable {
        /// Residents on an ordinary working day.
        public var visitsPerDay = 300
        /// Market days (逢场日) bring this many times as many.
        public var marketDayFactor = 1.5
        /// Residents who rate their visit on the evaluator.
        public var ratedShare = 0.85
        /// Of the ratings, the share that is 不满意 or 非常不满意 (each with a reason).
        public var badRatingShare = 0.04
        /// Residents who do not come when called (过号).
        public var noShowShare = 0.04
        /// Residents sent to another service's line.
        public var transferShare = 0.02
        /// Tickets taken with a priority (elderly, disabled, urgent).
        public var priorityShare = 0.08
        /// The chance that a window pauses once in a day (暂停服务, 10–25 minutes).
        public var pauseChance = 0.5
        /// The chance that a staff member is away for part of a day (a meeting, out on business).
        public var absenceChance = 0.06
        /// The chance that a staff member is on leave for the whole day (their window stays closed).
        public var leaveChance = 0.02

        public init() {}
    }

    /// What a run did.
    public struct Summary: Sendable, Hashable {
        public var days = 0
        public var marketDays = 0
        public var tickets = 0
        public var finished = 0
        public var ratings = 0
        public var badRatings = 0
        /// Commands the hall took (journaled) and refused (e.g. a call with nobody waiting).
        public var commands = 0
        public var refused = 0

        public init() {}
    }

    public var seed: UInt64
    public var profile: Profile

    public init(seed: UInt64 = 20_261_123, profile: Profile = Profile()) {
        self.seed = seed
        self.profile = profile
    }

    /// Runs every day from `first` through `last` on which the hall opens, setting `clock` (which
    /// must be `hall`'s) to each command's instant. Returns once everything is durable.
    public func run(hall: Hall, clock: ManualHallClock, from first: LocalDate, through last: LocalDate) async throws -> Summary {
        let configuration = await hall.configuration
        var summary = Summary()
        var generator = SeededGenerator(seed: seed)
        let presenceAtStart = await hall.state.presence
        var presence = presenceAtStart
        var lastDay: HallDay?
        var date = first
        while date <= last {
            if !configuration.schedule.periods(on: date).isEmpty {
                let day = HallDay(
                    hall: hall, clock: clock, date: date, configuration: configuration, profile: profile, generator: generator,
                    presence: presence)
                try await simulate(day)
                generator = day.generator
                presence = day.presence
                lastDay = day
                day.summary.days = 1
                day.summary.marketDays = day.isMarketDay ? 1 : 0
                summary.add(day.summary)
                // A day at a time in memory: the next day starts from a durable journal.
                try await hall.settle()
            }
            date = date.adding(days: 1)
        }
        // The hall goes on from the presence board it started with (nobody left on leave by the past).
        if let lastDay {
            clock.set(max(clock.now(), lastDay.closing.addingTimeInterval(30 * 60)))
            for (staffID, start) in presenceAtStart.sorted(by: { $0.key < $1.key }) { try await lastDay.setPresence(staffID, start) }
            try await hall.settle()
        }
        return summary
    }

    /// One day: every kind of activity plans its steps, then the steps run in time order.
    func simulate(_ day: HallDay) async throws {
        openWindows(day)
        staffAbsences(day)
        windowPauses(day)
        arrivals(day)
        caseWork(day)
        followUpWork(day)
        complaints(day)
        appointments(day)
        try await day.run()
    }
}

extension SimulatedDays.Summary {
    /// Adds another run's figures (e.g. one more day) to these.
    public mutating func add(_ day: SimulatedDays.Summary) {
        days += day.days
        marketDays += day.marketDays
        tickets += day.tickets
        finished += day.finished
        ratings += day.ratings
        badRatings += day.badRatings
        commands += day.commands
        refused += day.refused
    }
}
