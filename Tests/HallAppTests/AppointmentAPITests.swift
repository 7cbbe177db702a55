import Foundation
import HallApp
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Appointments over the API (预约, issue 11): slots, booking, the kiosk's check-in, the staff list.
/// The demo hall opens Monday 2026-11-23 at 09:00; pension takes two per half hour.
@Suite("Appointments over the API")
struct AppointmentAPITests {
    @Test(
        "the slots show the places left; a booking answers its code with the name and phone masked; a second one from that phone is refused"
    )
    func booking() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let services = try await client.array("/api/v1/appointments/slots")
            let pension = try #require(services.first { $0["id"] as? String == "pension" })
            let slots = pension["slots"] as? [[String: Any]] ?? []
            #expect(slots.first?["day"] as? String == "2026-11-23")
            #expect(slots.first?["start"] as? String == "09:30")  // 09:00 has started
            #expect(slots.first?["remaining"] as? Int == 2)

            let booked = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"09:30","name":"张伟","phone":"13800000001"}"#
            )
            #expect(booked.status == .created, "\(booked.body)")
            #expect((booked.body["code"] as? String)?.count == 6)
            #expect(booked.body["name"] as? String == "张*")
            #expect(booked.body["phone"] as? String == "138****0001")
            let again = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"10:00","name":"张伟","phone":"13800000001"}"#
            )
            #expect(again.status == .conflict)
            #expect(again.body["error"] as? String == "already_booked")
            let closed = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"12:30","name":"李娜","phone":"13800000002"}"#
            )
            #expect(closed.body["error"] as? String == "slot_unavailable")
            let after = try await client.array("/api/v1/appointments/slots")
            let left = (after.first { $0["id"] as? String == "pension" }?["slots"] as? [[String: Any]])?.first
            #expect(left?["remaining"] as? Int == 1)
        }
    }

    @Test("the kiosk checks in by phone and name: the ticket carries the slot; a wrong code is 404; staff see the day with the counts")
    func checkIn() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let booked = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"09:30","name":"张伟","phone":"13800000001"}"#
            )
            let code = try #require(booked.body["code"] as? String)
            let wrong = try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"ZZZZZZ"}"#)
            #expect(wrong.status == .notFound)
            #expect(wrong.body["error"] as? String == "unknown_appointment")
            let ticket = try await client.json(.post, "/api/v1/appointments/check-in", #"{"phone":"13800000001","name":"张伟"}"#)
            #expect(ticket.status == .created, "\(ticket.body)")
            #expect((ticket.body["number"] as? String)?.hasPrefix("A") == true)
            #expect(ticket.body["appointmentAt"] as? String == "2026-11-23T01:30:00.000Z")
            let twice = try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(code.lowercased())"}"#)
            #expect(twice.body["error"] as? String == "already_checked_in")

            #expect(try await client.json(.get, "/api/v1/appointments").status == .unauthorized)
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            let day = try await client.json(.get, "/api/v1/appointments?day=2026-11-23", cookie: clerk)
            #expect(day.status == .ok)
            #expect((day.body["counts"] as? [String: Int]) == ["booked": 0, "checkedIn": 1, "missed": 0])
            let listed = (day.body["appointments"] as? [[String: Any]])?.first
            #expect(listed?["name"] as? String == "张伟")
            #expect(listed?["visitID"] as? String == ticket.body["visitID"] as? String)
        }
    }

    @Test("a booking not checked in 15 minutes after its slot starts is released as missed and counted; it checks in no more")
    func missed() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let booked = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"09:30","name":"李娜","phone":"13800000002"}"#
            )
            let code = try #require(booked.body["code"] as? String)
            t.clock.set(chinaTime("09:46"))
            let admin = try await client.login("admin", "admin12345")
            let day = try await client.json(.get, "/api/v1/appointments", cookie: admin)
            #expect((day.body["counts"] as? [String: Int]) == ["booked": 0, "checkedIn": 0, "missed": 1])
            let late = try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(code)"}"#)
            #expect(late.status == .conflict)
            #expect(late.body["error"] as? String == "appointment_missed")
            #expect(try t.runtime.database.appointmentCounts(day: LocalDate("2026-11-23")!) == [.missed: 1])
        }
    }
}
