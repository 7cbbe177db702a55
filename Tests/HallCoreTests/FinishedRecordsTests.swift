import Foundation
import Testing

@testable import HallCore

/// The books that outlive the day keep what commands still act on, and a month of what is finished:
/// a follow-up or a complaint closed, an appointment of a day long past that checked in, lapsed or
/// was cancelled leaves the hall's memory when a day starts more than 30 days after; what is still
/// open stays however old it is.
@Suite("Finished records leave the books after a month")
struct FinishedRecordsTests {
    /// Monday 2026-11-23: A001 and A002 rated 不满意 (two follow-ups), the first closed at 08:45;
    /// two kiosk complaints, the first replied and closed, the second only replied.
    func month() throws -> Script {
        var c = Fixture.configuration()
        c.alerts = AlertPolicy(raises: false)
        var s = Script(c, at: "08:31")
        try s.openAll()
        for secret in ["K7MQ3XPA", "K7MQ3XPB"] {
            try s.issue("social", secret: secret)
            _ = try s.callNext(1)
            try s.run(.finish(window: 1))
        }
        for (number, secret) in [("A001", "K7MQ3XPA"), ("A002", "K7MQ3XPB")] {
            try s.run(.rate(visitID: s.id(number), level: .unsatisfied, reason: "等候时间过长", source: .ticketCode(secret)))
        }
        s.at("08:45")
        try s.run(.followUp(.assign(id: s.id("A001"), staffID: "zhao", by: "admin")))
        try s.run(.followUp(.close(id: s.id("A001"), cause: "高峰期窗口不足", action: "增开备用窗口", by: "admin")))
        for code in ["CLOSED01", "REPLIED1"] {
            try s.run(.complaint(.submit(code: code, category: .attitude, channel: .kiosk, text: "态度生硬", phone: nil, ticket: nil)))
            try s.run(.complaint(.reply(code: code, text: "已约谈并致歉", by: "admin")))
        }
        try s.run(.complaint(.close(code: "CLOSED01", by: "admin")))
        return s
    }

    @Test("a follow-up closed on 11-23 is kept on 12-23 and gone on 12-24; the open one stays and can still be closed")
    func followUps() throws {
        var s = try month()
        let closed = s.id("A001")
        let open = s.id("A002")
        s.at("08:30", day: "2026-12-23")  // 30 days less a quarter hour after the close
        #expect(s.state.followUps[closed]?.status == .closed)
        s.at("08:30", day: "2026-12-24")
        #expect(s.state.followUps[closed] == nil, "a follow-up closed 31 days ago is still in memory")
        #expect(s.state.followUps.items.keys.sorted() == [open])

        try s.run(.followUp(.assign(id: open, staffID: "li", by: "admin")))
        let events = try s.run(.followUp(.close(id: open, cause: "原因", action: "措施", by: "admin")))
        #expect(events == [.followUp(.closed(id: open, cause: "原因", action: "措施", by: "admin"))])
        #expect(s.state.followUps[open]?.status == .closed)
    }

    @Test("a complaint closed on 11-23 is gone on 12-24; one replied but not closed stays and can be closed")
    func complaints() throws {
        var s = try month()
        s.at("08:30", day: "2026-12-23")
        #expect(s.state.complaints["CLOSED01"]?.status == .closed)
        s.at("08:30", day: "2026-12-24")
        #expect(s.state.complaints["CLOSED01"] == nil, "a complaint closed 31 days ago is still in memory")
        #expect(s.state.complaints["REPLIED1"]?.status == .replied)
        #expect(try s.run(.complaint(.close(code: "REPLIED1", by: "admin"))) == [.complaint(.closed(id: "REPLIED1", by: "admin"))])
    }

    @Test(
        "appointments of 11-23 checked in, lapsed or cancelled are kept on 12-23 and gone on 12-24; one never released stays and is released"
    )
    func appointments() throws {
        var s = Script(AppointmentTests.configuration(), at: "08:00")
        func book(_ slot: String, _ phone: String, _ code: String) throws {
            try s.run(
                .appointment(
                    .book(
                        AppointmentRequest(
                            serviceID: "social", day: LocalDate("2026-11-23")!, slot: OpeningPeriod.minute(slot)!, name: "张伟", phone: phone,
                            code: code))))
        }
        try book("09:00", "13800000001", "CHECKD")
        try book("09:30", "13800000002", "LAPSED")
        try book("10:00", "13800000003", "CANCLD")
        try book("10:30", "13800000004", "NEVERR")
        try s.run(.appointment(.cancel(code: "CANCLD")))
        s.at("08:50")
        try s.run(.appointment(.checkIn(.code("CHECKD"), secret: "T1")))
        s.at("09:46")
        #expect(try s.run(.appointment(.releaseMissed)) == [.appointment(.missed(code: "LAPSED"))])
        // NEVERR's slot passes with nobody releasing it: it stays booked.

        s.at("08:00", day: "2026-12-23")  // 11-23 is the first day kept whole
        #expect(s.state.appointmentBook.appointments.keys.sorted() == ["CANCLD", "CHECKD", "LAPSED", "NEVERR"])
        s.at("08:00", day: "2026-12-24")
        #expect(
            s.state.appointmentBook.appointments.keys.sorted() == ["NEVERR"], "finished appointments of 31 days ago are still in memory")
        #expect(try s.run(.appointment(.releaseMissed)) == [.appointment(.missed(code: "NEVERR"))])
        #expect(s.state.appointmentBook.appointment(code: "NEVERR")?.status == .missed)
    }

    @Test("an appointment read back after it left the book is refused as it was: checked in, not today, cancelled")
    func refusalsOfOldAppointments() throws {
        let s = Script(AppointmentTests.configuration(), day: "2026-12-24", at: "09:00")
        let old = Appointment(
            code: "CHECKD", serviceID: "social", day: LocalDate("2026-11-23")!, slot: 540, name: "张伟", phone: "13800000001",
            status: .checkedIn, bookedAt: Fixture.instant("2026-11-23", "08:00"), bookedBy: nil, visitID: "20261123-A001")
        #expect(s.state.cancelRefusal(old, at: s.now)?.code == "already_checked_in")
        #expect(s.state.checkInRefusal(old, at: s.now)?.code == "not_today")
        var cancelled = old
        cancelled.status = .cancelled
        #expect(s.state.cancelRefusal(cancelled, at: s.now)?.code == "already_cancelled")
    }
}
