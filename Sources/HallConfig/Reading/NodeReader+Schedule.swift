import Foundation
import HallCore
import HallYAML
import Yams

extension NodeReader {
    /// Day keys of `schedule.weekly`, in ISO order (1 = Monday).
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    mutating func schedule(_ node: Node) -> HallSchedule? {
        let keys = ["utc_offset_minutes", "weekly", "market_days", "holidays", "extra_workdays"]
        guard let fields = fields(node, of: "'schedule'", allowed: keys) else { return nil }
        var offset = 480
        if let located = int(fields, "utc_offset_minutes", required: false, minimum: -720) {
            if located.value > 840 {
                report(
                    "'utc_offset_minutes' must lie between -720 and 840 (China is 480), found \(located.value)",
                    at: located.position)
            } else {
                offset = located.value
            }
        }
        var weekly: [Int: [OpeningPeriod]] = [:]
        if let weeklyNode = value(fields, "weekly", required: true),
            let days = self.fields(weeklyNode, of: "'schedule.weekly'", allowed: Self.weekdays)
        {
            for (index, day) in Self.weekdays.enumerated() where days.has(day) {
                weekly[index + 1] = periods(days, day, what: "'\(day)' in 'schedule.weekly'")
            }
            if weekly.values.allSatisfy(\.isEmpty) {
                report(
                    "'schedule.weekly' opens the hall on no day; give hours for at least one day, e.g. mon: [\"08:30-12:00\"]",
                    at: weeklyNode)
            }
        }
        var marketDays: [Int] = []
        var marketHours: [OpeningPeriod]?
        if let marketNode = value(fields, "market_days", required: false),
            let market = self.fields(marketNode, of: "'schedule.market_days'", allowed: ["days_of_month", "hours"])
        {
            for item in list(market, "days_of_month") ?? [] {
                guard let day = int(item, what: "a day in 'days_of_month'", minimum: 1) else { continue }
                if day.value > 31 {
                    report("a day in 'days_of_month' must lie between 1 and 31, found \(day.value)", at: day.position)
                } else if marketDays.contains(day.value) {
                    report("day \(day.value) is listed twice in 'days_of_month'", at: day.position)
                } else {
                    marketDays.append(day.value)
                }
            }
            if market.has("hours") { marketHours = periods(market, "hours", what: "'hours' in 'schedule.market_days'") }
        }
        let holidays = dates(fields, "holidays")
        let extra = dates(fields, "extra_workdays")
        for date in extra where holidays.contains(where: { $0.value == date.value }) {
            report("\(date.value) is both a holiday and an extra workday", at: date.position)
        }
        return HallSchedule(
            utcOffsetMinutes: offset, weekly: weekly, marketDaysOfMonth: marketDays.sorted(),
            marketDayHours: marketHours,
            holidays: Set(holidays.map(\.value)), extraWorkdays: Set(extra.map(\.value))
        )
    }

    /// A list of `"08:30-12:00"` periods, each with start before end, none overlapping.
    mutating func periods(_ fields: Fields, _ key: String, what: String) -> [OpeningPeriod] {
        var result: [Located<OpeningPeriod>] = []
        for item in list(fields, key) ?? [] {
            guard let text = string(item, what: "an opening period of \(what)") else { continue }
            guard let period = Self.period(text.value) else {
                report(
                    "opening period '\(text.value)' of \(what) must read like \"08:30-12:00\" with the start before the end",
                    at: text.position)
                continue
            }
            if let clash = result.first(where: { $0.value.start < period.end && period.start < $0.value.end }) {
                report(
                    "opening period \(period.description) of \(what) overlaps \(clash.value.description)",
                    at: text.position)
                continue
            }
            result.append(Located(value: period, position: text.position))
        }
        return result.map(\.value).sorted { $0.start < $1.start }
    }

    /// `HH:MM-HH:MM`, two digits each, start before end.
    static func period(_ text: String) -> OpeningPeriod? {
        let halves = text.split(separator: "-", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard halves.count == 2, halves.allSatisfy({ $0.count == 5 }) else { return nil }
        return OpeningPeriod(text)
    }

    mutating func dates(_ fields: Fields, _ key: String) -> [Located<LocalDate>] {
        var result: [Located<LocalDate>] = []
        for item in list(fields, key, required: false) ?? [] {
            guard let text = string(item, what: "a date in '\(key)'") else { continue }
            guard let date = LocalDate(text.value) else {
                report(
                    "'\(text.value)' in '\(key)' is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01",
                    at: text.position)
                continue
            }
            if result.contains(where: { $0.value == date }) {
                report("\(date) is listed twice in '\(key)'", at: text.position)
                continue
            }
            result.append(Located(value: date, position: text.position))
        }
        return result
    }
}
