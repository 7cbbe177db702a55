import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp

/// Follow-ups, complaints and appointments finished more than 30 days ago leave the hall's memory
/// when a day starts, and are not loaded at start; the admin lists, the resident's pages and the
/// staff's day list still show them from the projections, and acting on them says why not.
@Suite("Finished records over the API, after they left the hall's memory")
struct FinishedRecordsAPITests {
    /// A kiosk complaint made, replied (and closed when `close`) by the administrator; its code.
    func complaint(_ client: some TestClientProtocol, admin: String, close: Bool) async throws -> String {
        let made = try await client.json(.post, "/api/v1/complaints", #"{"category":"attitude","channel":"kiosk","phone":"13800000001"}"#)
        let code = try #require(made.body["code"] as? String)
        #expect(try await client.json(.post, "/api/v1/complaints/\(code)/reply", #"{"text":"已约谈并致歉"}"#, cookie: admin).status == .ok)
        if close { #expect(try await client.json(.post, "/api/v1/complaints/\(code)/close", cookie: admin).status == .ok) }
        return code
    }

    /// The codes of `list`'s items (`id` for follow-ups, `code` for complaints), in order.
    func keys(_ list: [[String: Any]], _ key: String) -> [String] { list.compactMap { $0[key] as? String } }

    @Test(
        "a follow-up and a complaint closed 31 days ago: gone from memory, still listed and shown; acting on them is 409; a restart loads only the kept"
    )
    func followUpsAndComplaints() async throws {
        let t = try await TestHall()
        let (closedID, openID, closedCode, repliedCode) = try await t.application().test(.router) { client in
            let ratings = AccountabilityAPITests()
            let closedID = try await ratings.badRating(client)
            let openID = try await ratings.badRating(client)
            let admin = try await client.login("admin", "admin12345")
            #expect(
                try await client.json(.post, "/api/v1/follow-ups/\(closedID)/assign", #"{"staff":"li-na"}"#, cookie: admin).status == .ok)
            let closing = #"{"cause":"午间只开一个窗口","action":"午间增开AB岗"}"#
            #expect(try await client.json(.post, "/api/v1/follow-ups/\(closedID)/close", closing, cookie: admin).status == .ok)
            let closedCode = try await complaint(client, admin: admin, close: true)
            t.clock.advance(by: 60)  // newest first
            let repliedCode = try await complaint(client, admin: admin, close: false)
            return (closedID, openID, closedCode, repliedCode)
        }

        // 31 days on (Thursday 2026-12-24), the day starts.
        t.clock.set(chinaTime("09:00", day: "2026-12-24"))
        try await t.hall.tick()
        #expect(await t.hall.state.followUps.items.keys.sorted() == [openID], "a follow-up closed 31 days ago is still in memory")
        #expect(await t.hall.state.complaints.items.keys.sorted() == [repliedCode], "a complaint closed 31 days ago is still in memory")

        try await t.application().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            #expect(keys(try await client.array("/api/v1/follow-ups", cookie: admin), "id") == [openID, closedID])
            #expect(keys(try await client.array("/api/v1/follow-ups?status=closed", cookie: admin), "id") == [closedID])
            #expect(keys(try await client.array("/api/v1/follow-ups?status=overdue", cookie: admin), "id") == [openID])
            let shown = try await client.json(.get, "/api/v1/follow-ups/\(closedID)", cookie: admin)
            #expect(shown.status == .ok)
            #expect(shown.body["cause"] as? String == "午间只开一个窗口")
            let again = try await client.json(.post, "/api/v1/follow-ups/\(closedID)/assign", #"{"staff":"li-na"}"#, cookie: admin)
            #expect(again.status == .conflict)
            #expect(again.body["error"] as? String == "follow_up_closed", "\(again.body)")
            // The open one, however old, is still worked on.
            #expect(try await client.json(.post, "/api/v1/follow-ups/\(openID)/assign", #"{"staff":"li-na"}"#, cookie: admin).status == .ok)
            #expect(
                try await client.json(.post, "/api/v1/follow-ups/\(openID)/close", #"{"cause":"c","action":"a"}"#, cookie: admin).status
                    == .ok)

            let complaints = keys(try await client.array("/api/v1/complaints", cookie: admin), "code")
            #expect(complaints == [repliedCode, closedCode])
            #expect(keys(try await client.array("/api/v1/complaints?status=closed", cookie: admin), "code") == [closedCode])
            let seen = try await client.json(.get, "/api/v1/complaints/\(closedCode)")
            #expect(seen.status == .ok)
            #expect(seen.body["reply"] as? String == "已约谈并致歉")
            #expect(try await client.execute(uri: "/api/v1/complaints/\(closedCode)/qr.svg", method: .get).status == .ok)
            let written = try await client.json(.post, "/api/v1/complaints/\(closedCode)/text", #"{"text":"再写"}"#)
            #expect(written.status == .conflict)
            #expect(written.body["error"] as? String == "complaint_closed", "\(written.body)")
            #expect(try await client.json(.post, "/api/v1/complaints/\(repliedCode)/close", cookie: admin).status == .ok)
        }

        // A restart loads what the day's start kept: the follow-up and the complaint closed today.
        let reopened = try Hall(database: t.runtime.database, clock: t.clock)
        #expect(await reopened.state.followUps.items.keys.sorted() == [openID])
        #expect(await reopened.state.complaints.items.keys.sorted() == [repliedCode])
    }

    @Test("appointments of a day 31 days ago: gone from memory, still on the staff's list of that day; cancel and check-in say why not")
    func appointments() async throws {
        let t = try await TestHall()
        let (checkedIn, cancelled) = try await t.application().test(.router) { client in
            func book(_ slot: String, _ phone: String) async throws -> String {
                let body = #"{"service":"pension","day":"2026-11-23","slot":"\#(slot)","name":"张伟","phone":"\#(phone)"}"#
                let booked = try await client.json(.post, "/api/v1/appointments", body)
                return try #require(booked.body["code"] as? String)
            }
            let checkedIn = try await book("09:30", "13800000001")
            let cancelled = try await book("10:00", "13800000002")
            #expect(try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(checkedIn)"}"#).status == .created)
            #expect(try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(cancelled)"}"#).status == .ok)
            return (checkedIn, cancelled)
        }
        t.clock.set(chinaTime("09:00", day: "2026-12-24"))
        try await t.hall.tick()
        #expect(await t.hall.state.appointmentBook.appointments.isEmpty, "appointments finished 31 days ago are still in memory")

        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            let day = try await client.json(.get, "/api/v1/appointments?day=2026-11-23", cookie: clerk)
            #expect((day.body["counts"] as? [String: Int]) == ["booked": 0, "checkedIn": 1, "missed": 0])
            #expect(keys(day.body["appointments"] as? [[String: Any]] ?? [], "code") == [checkedIn, cancelled])
            let cancel = try await client.json(.post, "/api/v1/appointments/cancel", #"{"code":"\#(checkedIn)"}"#)
            #expect(cancel.status == .conflict)
            #expect(cancel.body["error"] as? String == "already_checked_in", "\(cancel.body)")
            let checkIn = try await client.json(.post, "/api/v1/appointments/check-in", #"{"code":"\#(cancelled)"}"#)
            #expect(checkIn.status == .conflict)
            #expect(checkIn.body["error"] as? String == "not_today", "\(checkIn.body)")
        }
        // At start only the booked ones and those of the last 30 days and ahead are read.
        let database = t.runtime.database
        #expect(try database.appointments(keptFrom: LocalDate("2026-11-24")!).isEmpty)
        #expect(try database.appointments(keptFrom: LocalDate("2026-11-23")!).map(\.code).sorted() == [cancelled, checkedIn].sorted())
        #expect(try database.appointments().count == 2)
    }

    @Test("a new record's code is drawn again while an old record, gone from memory, holds it")
    func freshCodes() {
        var draws = ["OLD234", "OLD567", "NEW234"].makeIterator()
        #expect(FreshCode.draw({ draws.next()! }, unless: { $0.hasPrefix("OLD") }) == "NEW234")
    }
}
