import Foundation
import HallConfig
import HallCore
import Testing

/// Opening hours, market days, holidays and 调休 as the file gives them.
@Suite struct ScheduleTests {
    /// The instant `hh:mm` on `date` in China Standard Time.
    func at(_ date: String, _ time: String) -> Date {
        LocalDate(date)!.instant(minute: OpeningPeriod.minute(time)!, utcOffsetMinutes: 480)
    }

    @Test func theScheduleIsReadAsWritten() throws {
        let schedule = try HallFileLoader.parse(yaml: validHall).configuration.schedule
        #expect(schedule.utcOffsetMinutes == 480)
        #expect(schedule.weekly[1] == [OpeningPeriod(start: 510, end: 720), OpeningPeriod(start: 840, end: 1050)])
        #expect(schedule.weekly[3] == nil)
        #expect(schedule.marketDaysOfMonth == [1, 4, 7])
        #expect(schedule.marketDayHours == [OpeningPeriod(start: 480, end: 720)])
        #expect(schedule.holidays == [LocalDate(year: 2026, month: 10, day: 1)])
        #expect(schedule.extraWorkdays == [LocalDate(year: 2026, month: 10, day: 10)])
    }

    @Test func aMarketDayOnASaturdayIsOpenAndAHolidayClosed() throws {
        let schedule = try HallFileLoader.parse(yaml: validHall).configuration.schedule
        // 2026-11-07 is a Saturday and the 7th: a market day, open from 08:00.
        #expect(LocalDate("2026-11-07")!.weekday == 6)
        #expect(schedule.isOpen(at: at("2026-11-07", "08:05")))
        #expect(!schedule.isOpen(at: at("2026-11-07", "14:30")))  // market hours end at noon
        #expect(!schedule.isOpen(at: at("2026-11-08", "09:00")))  // Sunday, no market
        // 2026-10-01 is a Thursday and a market day, but National Day closes the hall.
        #expect(!schedule.isOpen(at: at("2026-10-01", "09:00")))
        // 2026-10-10 is a Saturday worked in exchange (调休): Monday's hours.
        #expect(schedule.isOpen(at: at("2026-10-10", "15:00")))
        #expect(schedule.isOpen(at: at("2026-11-16", "08:30")))  // an ordinary Monday
        #expect(!schedule.isOpen(at: at("2026-11-16", "12:30")))  // lunch
    }

    @Test(arguments: ["8:30-12:00", "08:30-24:30", "12:00-08:30", "08:30~12:00", "08:30-12:00-13:00", "morning"])
    func aBadOpeningPeriodIsReported(period: String) {
        let text = hall(replacing: "tue: [\"08:30-12:00\"", with: "tue: [\"\(period)\"")
        expectOnlyProblem(
            in: text, onLineOf: "tue:",
            saying: "opening period '\(period)' of 'tue' in 'schedule.weekly' must read like \"08:30-12:00\"")
        #expect(problems(in: text).first?.column == 11)
    }

    @Test func overlappingPeriodsAreReported() {
        let text = hall(replacing: "\"14:00-17:30\"]\n  market", with: "\"11:00-17:30\"]\n  market")
        expectOnlyProblem(
            in: text, onLineOf: "11:00-17:30",
            saying: "opening period 11:00-17:30 of 'tue' in 'schedule.weekly' overlaps 08:30-12:00")
    }

    @Test func anUnknownDayIsReported() {
        let text = hall(replacing: "    tue:", with: "    tues:")
        expectOnlyProblem(
            in: text, onLineOf: "tues:", saying: "unknown key 'tues' in 'schedule.weekly' (did you mean 'tue'?)")
    }

    @Test(arguments: ["2026-02-30", "2026/10/01", "26-10-01", "2026-13-01", "National Day"])
    func aBadDateIsReported(date: String) {
        let text = hall(replacing: "holidays: [\"2026-10-01\"]", with: "holidays: [\"\(date)\"]")
        expectOnlyProblem(
            in: text, onLineOf: "holidays:", saying: "'\(date)' in 'holidays' is not a date; write it as YYYY-MM-DD")
    }

    @Test(arguments: [0, 32, -4])
    func aDayOfMonthOutside1To31IsReported(day: Int) {
        let text = hall(replacing: "days_of_month: [1, 4, 7]", with: "days_of_month: [1, \(day), 7]")
        let expected = day > 31 ? "must lie between 1 and 31, found \(day)" : "must be at least 1, found \(day)"
        expectOnlyProblem(in: text, onLineOf: "days_of_month", saying: "a day in 'days_of_month' \(expected)")
    }

    @Test func aDayBothHolidayAndWorkdayIsReported() {
        let text = hall(replacing: "extra_workdays: [\"2026-10-10\"]", with: "extra_workdays: [\"2026-10-01\"]")
        expectOnlyProblem(
            in: text, onLineOf: "extra_workdays", saying: "2026-10-01 is both a holiday and an extra workday")
    }

    @Test func aWeekWithNoOpeningIsReported() {
        let text = hall(
            replacing: "    mon: [\"08:30-12:00\", \"14:00-17:30\"]\n    tue: [\"08:30-12:00\", \"14:00-17:30\"]",
            with: "    mon: []")
        expectOnlyProblem(in: text, onLineOf: "mon: []", saying: "'schedule.weekly' opens the hall on no day")
    }

    @Test func aMissingDayIsClosedAndAnEmptyScheduleDefaultsToChinaTime() throws {
        let text = hall(replacing: "    tue: [\"08:30-12:00\", \"14:00-17:30\"]\n", with: "")
        let schedule = try HallFileLoader.parse(yaml: text).configuration.schedule
        #expect(schedule.weekly.keys.sorted() == [1])
        #expect(schedule.periods(on: LocalDate("2026-11-17")!).isEmpty)  // a Tuesday
    }
}
