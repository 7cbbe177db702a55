import Foundation
@testable import HallApp
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// 取消预约: the resident cancels with the appointment code on /book. Pension takes two per half hour
/// in the demo hall, which opens Monday 2026-11-23 at 09:00.
@Suite("Cancelling an appointment with its code")
struct AppointmentCancelTests {
    static func remaining(_ client: some TestClientProtocol, _ slot: String) async throws -> Int? {
        let services = try await client.array("/api/v1/appointments/slots")
        let slots = services.first { $0["id"] as? String == "pension" }?["slots"] as? [[String: Any]] ?? []
        return slots.first { $0["day"] as? String == "2026-11-23" && $0["start"] as? String == slot }?["remaining"] as? Int
    }

    @Test("a full slot frees a place; the cancellation is journaled and projected; it cannot be cancelled twice or checked in")
    func cancelFreesThePlace() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            var codes: [String] = []
            for (name, phone) in [("张伟", "13800000001"), ("李娜", "13800000002")] {
                let booked = try await client.json(
                    .post, "/api/v1/appointments",
                    #"{"service":"pension","day":"2026-11-23","slot":"10:00","name":"\#(name)","phone":"\#(phone)"}"#)
                #expect(booked.status == .created, "\(booked.body)")
                codes.append(try #require(booked.body["code"] as? String))
            }
            #expect(try await Self.remaining(client, "10:00") == 0)
            let full = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"10:00","name":"王芳","phone":"13800000003"}"#
            )
            #expect(full.body["error"] as? String == "slot_full")

            // Typed in lower case with a dash, as a resident might.
            let typed = codes[0].lowercased().prefix(3) + "-" + codes[0].lowercased().dropFirst(3)
            let cancelled = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(typed)"}"#)
            #expect(cancelled.status == .ok, "\(cancelled.body)")
            try Schema.check(cancelled.body, "BookedAppointment")
            #expect(cancelled.body["code"] as? String == codes[0])
            #expect(cancelled.body["name"] as? String == "张*" && cancelled.body["phone"] as? String == "138****0001")
            #expect(cancelled.body["slot"] as? String == "10:00")
            #expect(try await Self.remaining(client, "10:00") == 1)
            let rebooked = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"10:00","name":"王芳","phone":"13800000003"}"#
            )
            #expect(rebooked.status == .created, "\(rebooked.body)")

            let twice = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(codes[0])"}"#)
            #expect(twice.status == .conflict)
            #expect(twice.body["error"] as? String == "already_cancelled")
            let checkIn = try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(codes[0])"}"#)
            #expect(checkIn.status == .conflict)
            // The other one checks in, and then cannot be cancelled.
            #expect(try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(codes[1])"}"#).status == .created)
            let late = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(codes[1])"}"#)
            #expect(late.body["error"] as? String == "already_checked_in")

            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            let day = try await client.json(.get, "/api/v1/appointments?day=2026-11-23", cookie: clerk)
            #expect((day.body["counts"] as? [String: Int]) == ["booked": 1, "checkedIn": 1, "missed": 0])
        }
        // Journaled with the code (the journal keeps secrets), and the projection says cancelled.
        let events = try t.runtime.database.entries(after: 0).map(\.event)
        let cancels = events.compactMap { if case .appointment(.cancelled(let code)) = $0 { code } else { nil } }
        #expect(cancels.count == 1)
        let stored = try t.runtime.database.appointments().first { $0.code == cancels.first }
        #expect(stored?.status == .cancelled)
    }

    @Test("an unknown code is 404 and counts against the address: 429 after ten; a lapsed appointment cannot be cancelled")
    func unknownAndLapsed() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let booked = try await client.json(
                .post, "/api/v1/appointments", #"{"service":"pension","day":"2026-11-23","slot":"09:30","name":"张伟","phone":"13800000001"}"#
            )
            let code = try #require(booked.body["code"] as? String)
            t.clock.set(chinaTime("09:46"))
            let lapsed = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(code)"}"#)
            #expect(lapsed.status == .conflict)
            #expect(lapsed.body["error"] as? String == "appointment_missed")
            #expect(try await client.json(.post, "/api/v1/appointments/cancel", #"{}"#).status == .badRequest)
            for _ in 0..<10 {
                let unknown = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"ZZZZZZ"}"#)
                #expect(unknown.status == .notFound)
                #expect(unknown.body["error"] as? String == "unknown_appointment")
            }
            let limited = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"ZZZZZZ"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }
}
