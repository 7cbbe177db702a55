import Foundation

/// A span of opening time within a day, in minutes since midnight: `08:30–12:00` is 510..<720.
public struct OpeningPeriod: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `08:30-12:00`.
    public init?(_ text: String) {
        let halves = text.split(separator: "-")
        guard halves.count == 2, let s = OpeningPeriod.minute(String(halves[0])),
            let e = OpeningPeriod.minute(String(halves[1])), s < e
        else { return nil }
        self.init(start: s, end: e)
    }

    /// Parses `08:30` into minutes since midnight.
    public static func minute(_ text: String) -> Int? {
        let p = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard p.count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    public static func format(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    public var description: String { "\(OpeningPeriod.format(start))-\(OpeningPeriod.format(end))" }
}

/// When the hall takes residents: weekly hours, market days (逢场日) that open extra days, holidays.
///
/// Rules, in order: a holiday is closed; a market day is open (seed 003: when market days fall on a
/// Saturday or Sunday the hall works those days) with the market-day hours; an extra working day
/// (调休) is open with Monday's hours; otherwise the weekday's hours apply.
public struct HallSchedule: Sendable, Hashable, Codable {
    /// Minutes east of UTC; China Standard Time is +480 all year.
    public var utcOffsetMinutes: Int
    /// Opening periods per ISO weekday (1 = Monday … 7 = Sunday); a missing day is closed.
    public var weekly: [Int: [OpeningPeriod]]
    /// Days of the month that are market days, e.g. 逢一四七: [1, 4, 7, 11, 14, 17, 21, 24, 27].
    public var marketDaysOfMonth: [Int]
    /// Hours on market days; nil means Monday's hours.
    public var marketDayHours: [OpeningPeriod]?
    public var holidays: Set<LocalDate>
    /// Weekend days worked in exchange for a holiday (调休).
    public var extraWorkdays: Set<LocalDate>

    public init(
        utcOffsetMinutes: Int = 480, weekly: [Int: [OpeningPeriod]], marketDaysOfMonth: [Int] = [],
        marketDayHours: [OpeningPeriod]? = nil, holidays: Set<LocalDate> = [], extraWorkdays: Set<LocalDate> = []
    ) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.weekly = weekly
        self.marketDaysOfMonth = marketDaysOfMonth
        self.marketDayHours = marketDayHours
        self.holidays = holidays
        self.extraWorkdays = extraWorkdays
    }

    public func isMarketDay(_ date: LocalDate) -> Bool { marketDaysOfMonth.contains(date.day) }

    /// The opening periods of `date`; empty when the hall is closed that day.
    public func periods(on date: LocalDate) -> [OpeningPeriod] {
        if holidays.contains(date) { return [] }
        let workdayHours = weekly[1] ?? []
        if isMarketDay(date) { return marketDayHours ?? workdayHours }
        if extraWorkdays.contains(date) { return workdayHours }
        return weekly[date.weekday] ?? []
    }

    /// Whether the hall takes residents at `instant`.
    public func isOpen(at instant: Date) -> Bool {
        let (date, minute) = LocalDate.local(instant, utcOffsetMinutes: utcOffsetMinutes)
        return periods(on: date).contains { $0.start <= minute && minute < $0.end }
    }

    /// The next instant the hall opens after `instant`, looking up to 60 days ahead.
    public func nextOpening(after instant: Date) -> Date? {
        let (today, minute) = LocalDate.local(instant, utcOffsetMinutes: utcOffsetMinutes)
        for offset in 0..<60 {
            let date = today.adding(days: offset)
            for period in periods(on: date).sorted(by: { $0.start < $1.start }) where offset > 0 || period.start > minute {
                return date.instant(minute: period.start, utcOffsetMinutes: utcOffsetMinutes)
            }
        }
        return nil
    }

    /// `instant` itself when the hall is open then, else the next opening.
    public func openInstant(atOrAfter instant: Date) -> Date? {
        isOpen(at: instant) ? instant : nextOpening(after: instant)
    }

    /// Whether `date` is a statutory working day (法定工作日), the unit of every legal time limit
    /// (办理时限, the 5 working days of a one-time notice): Monday to Friday, minus the holidays,
    /// plus the weekend days worked in exchange (调休). A market-day Saturday is a day the hall opens
    /// for residents, not a working day for a time limit; a weekday the hall happens to be closed
    /// still counts.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if holidays.contains(date) { return false }
        return date.weekday <= 5 || extraWorkdays.contains(date)
    }

    /// The date `workingDays` statutory working days after `date` (for promised completion dates).
    public func adding(workingDays: Int, to date: LocalDate) -> LocalDate {
        var day = date
        var left = workingDays
        var guardDays = 0
        while left > 0 && guardDays < 3_650 {
            day = day.adding(days: 1)
            guardDays += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }
}
