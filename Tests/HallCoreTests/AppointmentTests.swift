import Foundation
import HallCore
import Testing

/// Appointments (预约, seed 003): booked into half-hour slots, checked in for a ticket that carries
/// the slot, called first once the slot has started, released when missed.
@Suite("Appointments")
struct AppointmentTests {
    /// The fixture hall with `social` bookable, one place per half hour, three days ahead, 15 minutes' grace.
    static func configuration() -> HallConfiguration {
        var c = Fixture.configuration()
        c.appointments = AppointmentPolicy(graceMinutes: 15, rules: [.init(serviceID: "social", perHalfHour: 1, daysAhead: 3)])
        return c
    }

    func request(day: String = "2026-11-24", slot: String = "09:00", name: String = "张伟", phone: String = "13800000001", code: String)
        -> HallCommand
    {
        .appointment(
            .book(
                AppointmentRequest(
                    serviceID: "social", day: LocalDate(day)!, slot: OpeningPeriod.minute(slot)!, name: name, phone: phone, code: code)))
    }

    @Test("a slot takes as many as its places; a closed hour, a past slot, a far day or a bad phone are refused")
    func booking() throws {
        var s = Script(Self.configuration(), at: "08:30")
        let events = try s.run(request(code: "AAAAAA"))
        guard case .appointment(.booked(let booked)) = events.first else { Issue.record("no booking: \(events)"); return }
        #expect(booked.status == .booked && booked.slot == 540 && booked.day == LocalDate("2026-11-24"))
        #expect(booked.maskedName == "张*" && booked.maskedPhone == "138****0001")
        #expect(throws: HallError.self) { try s.run(request(phone: "13900000002", code: "BBBBBB")) }  // full: one place
        for (command, code) in [
            (request(slot: "12:30", code: "C1"), "slot_unavailable"),  // lunch: the hall is closed
            (request(day: "2026-11-23", slot: "08:30", code: "C2"), "slot_unavailable"),  // has started
            (request(day: "2026-11-27", code: "C3"), "slot_unavailable"),  // four days ahead
            (request(slot: "09:30", phone: "12345", code: "C4"), "bad_phone"),
            (request(slot: "09:30", name: " ", code: "C5"), "name_required"),
            (request(slot: "09:30", code: "C6"), "already_booked"),  // the same phone, service and day
        ] {
            do {
                try s.run(command)
                Issue.record("\(code) was booked")
            } catch {
                #expect(error.code == code)
            }
        }
        let slots = s.state.appointmentSlots(service: "social", at: s.now)
        #expect(slots.first { $0.day == LocalDate("2026-11-24") && $0.start == 540 }?.remaining == 0)
        #expect(slots.first { $0.day == LocalDate("2026-11-24") && $0.start == 570 }?.remaining == 1)
        #expect(slots.allSatisfy { $0.start != 12 * 60 + 30 })
        #expect(s.state.appointmentSlots(service: "civil", at: s.now).isEmpty)
    }

    @Test("checked in by code or by phone and name, the ticket carries its slot and is called first once the slot starts")
    func checkInAndCallFirst() throws {
        var s = Script(Self.configuration(), at: "08:00")
        try s.run(request(day: "2026-11-23", slot: "09:00", code: "APPT01"))
        try s.run(request(day: "2026-11-23", slot: "09:30", phone: "13900000002", code: "APPT02"))
        s.at("08:40")
        try s.openAll()
        try s.issue("social")  // A001, a walk-in, waits longest
        let checkIn = try s.run(.appointment(.checkIn(.code("APPT01"), secret: "T1")))
        guard case .ticketIssued(let ticket) = checkIn.first else { Issue.record("no ticket: \(checkIn)"); return }
        #expect(checkIn.last == .appointment(.checkedIn(code: "APPT01", visitID: ticket.visitID)))
        #expect(ticket.appointmentAt == Fixture.instant("2026-11-23", "09:00"))
        #expect(s.state.appointmentBook.appointment(code: "APPT01")?.status == .checkedIn)
        #expect(throws: HallError.self) { try s.run(.appointment(.checkIn(.code("APPT01"), secret: "T9"))) }
        try s.run(.appointment(.checkIn(.phone("13900000002", name: "张伟"), secret: "T2")))

        // Before 09:00 the walk-in goes first; at 09:00 the appointment does, though it came later.
        #expect(try s.callNext(1) == "A001")
        try s.run(.finish(window: 1))
        try s.issue("social")  // A004
        s.at("09:00")
        #expect(try s.callNext(1) == ticket.number)
        try s.run(.finish(window: 1))
        #expect(try s.callNext(1) == "A004")  // 09:30's appointment has not started yet
    }

    @Test("an appointment not checked in within the grace period is released as missed, once, and can no longer check in")
    func missedReleased() throws {
        var s = Script(Self.configuration(), at: "08:00")
        try s.run(request(day: "2026-11-23", slot: "09:00", code: "LATE01"))
        s.at("09:15")
        #expect(try s.run(.appointment(.releaseMissed)) == [])
        s.at("09:16")
        #expect(try s.run(.appointment(.releaseMissed)) == [.appointment(.missed(code: "LATE01"))])
        #expect(try s.run(.appointment(.releaseMissed)) == [])
        #expect(s.state.appointmentBook.appointment(code: "LATE01")?.status == .missed)
        do {
            try s.run(.appointment(.checkIn(.code("LATE01"), secret: "T1")))
            Issue.record("a missed appointment checked in")
        } catch {
            #expect(error.code == "appointment_missed")
        }
    }

    @Test("the book outlives the day: the rollover keeps it, the journal replays it, and it comes back from its table")
    func outlivesTheDay() throws {
        var s = Script(Self.configuration(), at: "09:00")
        let events = try s.run(request(day: "2026-11-25", slot: "10:00", code: "KEEP01"))
        s.at("08:30", day: "2026-11-24")
        #expect(s.state.appointmentBook.appointment(code: "KEEP01")?.status == .booked)
        guard case .appointment(.booked(let booked)) = events.first else { return }
        var restored = HallState(configuration: Self.configuration())
        restored.restoreAppointments([booked])
        #expect(restored.appointmentBook == s.state.appointmentBook)

        // On the wire: personal data only in the journal.
        let encoder = JSONEncoder()
        let publicJSON = String(decoding: try encoder.encode(events[0]), as: UTF8.self)
        #expect(!publicJSON.contains("13800000001") && !publicJSON.contains("KEEP01") && publicJSON.contains("appointmentBooked"))
        encoder.userInfo[.includeSecrets] = true
        let journal = try encoder.encode(events[0])
        #expect(try JSONDecoder().decode(HallEvent.self, from: journal) == events[0])
    }
}
