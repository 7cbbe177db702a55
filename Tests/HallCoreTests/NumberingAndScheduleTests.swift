import Foundation
import Testing

@testable import HallCore

@Suite("Ticket numbers and opening hours")
struct NumberingAndScheduleTests {
    @Test("numbers run per service per day from 001, and a cancelled number is never reused")
    func numbering() throws {
        var s = Script(at: "08:31")
        #expect(try s.issue("social") == "A001")
        #expect(try s.issue("social") == "A002")
        #expect(try s.issue("civil") == "B001")
        try s.run(.cancel(visitID: s.id("A002")))
        #expect(try s.issue("social") == "A003")
        #expect(s.state.visits.count == 4)
    }

    @Test("a new day starts at 001 again and ends yesterday's open visits")
    func dayRollover() throws {
        var s = Script(at: "16:00")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        _ = try s.callNext(1)
        let events = s.at("08:30", day: "2026-11-24")
        #expect(
            events == [
                .visitCancelled(visitID: "20261123-A001", reason: .endOfDay),
                .visitCancelled(visitID: "20261123-A002", reason: .endOfDay),
                .dayStarted(date: LocalDate("2026-11-24")!),
            ])
        #expect(s.state.windows[1]?.status == .closed)
        #expect(s.state.visits.isEmpty)
        #expect(try s.issue("social") == "A001")
        #expect(s.visit("A001")?.id == "20261124-A001")
    }

    @Test("issuing is refused outside opening hours, with when the hall opens next")
    func closedHours() throws {
        var s = Script(at: "12:30")
        #expect(throws: HallError.self) { try s.issue("social") }
        do {
            try s.issue("social")
        } catch {
            #expect(error.code == "hall_closed")
            #expect(error.message.zh.contains("2026-11-23 14:00"))
        }
        s.at("07:59")
        #expect(throws: HallError.self) { try s.issue("social") }
        s.at("17:29")
        #expect(try s.issue("social") == "A001")
        s.at("17:30")
        #expect(throws: HallError.self) { try s.issue("social") }
    }

    @Test("market days open the hall on a Saturday; holidays close it; 调休 workdays open it")
    func marketDaysAndHolidays() throws {
        let schedule = Fixture.configuration().schedule
        // 2026-11-28 is a Saturday and not a market day; 2026-11-21 is a Saturday market day (逢一).
        #expect(LocalDate("2026-11-28")!.weekday == 6)
        #expect(!schedule.isOpen(at: Fixture.instant("2026-11-28", "09:00")))
        #expect(LocalDate("2026-11-21")!.weekday == 6)
        #expect(schedule.isOpen(at: Fixture.instant("2026-11-21", "08:10")))
        #expect(!schedule.isOpen(at: Fixture.instant("2026-11-21", "14:30")))
        #expect(!schedule.isOpen(at: Fixture.instant("2026-12-31", "09:00")))
        #expect(schedule.isOpen(at: Fixture.instant("2026-11-29", "09:00")))
        var s = Script(day: "2026-11-21", at: "08:05")
        #expect(try s.issue("land") == "C001")
    }

    @Test("promised completion dates count working days only")
    func workingDays() {
        let schedule = Fixture.configuration().schedule
        // Friday 2026-11-27 + 1 working day: Saturday 28th is neither market day nor workday,
        // Sunday 29th is a 调休 workday.
        #expect(schedule.adding(workingDays: 1, to: LocalDate("2026-11-27")!) == LocalDate("2026-11-29")!)
        #expect(schedule.adding(workingDays: 2, to: LocalDate("2026-11-27")!) == LocalDate("2026-11-30")!)
    }

    @Test("a market-day Saturday opens the hall but is no working day for a time limit; a holiday is none either")
    func marketSaturdayIsNoWorkingDay() {
        let schedule = Fixture.configuration().schedule
        let saturday = LocalDate("2026-11-21")!
        #expect(schedule.isMarketDay(saturday) && !schedule.periods(on: saturday).isEmpty, "the hall opens on this market Saturday")
        #expect(!schedule.isWorkingDay(saturday))
        // Friday 20th + 1 working day: the market Saturday and Sunday do not count → Monday 23rd.
        #expect(schedule.adding(workingDays: 1, to: LocalDate("2026-11-20")!) == LocalDate("2026-11-23")!)
        // Thursday 2026-12-31 is a holiday in the fixture: Wednesday 30th + 1 working day → Friday 1 January.
        let holiday = LocalDate("2026-12-31")!
        #expect(schedule.holidays.contains(holiday) && !schedule.isWorkingDay(holiday))
        #expect(schedule.adding(workingDays: 1, to: LocalDate("2026-12-30")!) == LocalDate("2027-01-01")!)
    }

    @Test("local dates: weekdays and the China time zone")
    func localDates() {
        #expect(LocalDate("2026-11-23")!.weekday == 1)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        // 2026-11-22T16:30Z is 00:30 on the 23rd in China.
        let (date, minute) = LocalDate.local(Date(timeIntervalSince1970: 1_795_365_000), utcOffsetMinutes: 480)
        #expect(date == LocalDate("2026-11-23")!)
        #expect(minute == 30)
    }

    @Test("a day is written with its zeros: in visit ids (20260105) and as a date (2026-01-05)")
    func dayText() {
        #expect(LocalDate(year: 2026, month: 1, day: 5).compact == "20260105")
        #expect(LocalDate(year: 2026, month: 11, day: 23).description == "2026-11-23")
        #expect(LocalDate(year: 999, month: 12, day: 31).description == "0999-12-31")
        #expect(LocalDate("2026-03-09")?.compact == "20260309")
    }

    @Test("a ticket number splits into its service's prefix and its sequence, whatever the prefix")
    func numberParts() {
        #expect(HallState.split(number: "A001") == ("A", 1))
        #expect(HallState.split(number: "YB120") == ("YB", 120))
        #expect(HallState.split(number: "A1001") == ("A", 1001))
        #expect(HallState.split(number: "优先007") == ("优先", 7))
        #expect(HallState.split(number: "T") == ("T", 0))
        #expect(HallState.split(number: "") == ("", 0))
    }
}
