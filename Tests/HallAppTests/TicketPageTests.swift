import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// The resident's phone: `/t/<code>` and `GET /api/v1/tickets/<code>` (issue 11).
@Suite("The ticket page on the phone")
struct TicketPageTests {
    func app(_ t: TestHall) -> some ApplicationProtocol {
        HallServer.application(
            runtime: t.runtime, host: "127.0.0.1", port: 0,
            screens: ScreenSettings(layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts").path, dataDirectory: t.directory))
    }

    @Test("the ticket's code shows its number, the people ahead and the wait; then the call, then the rating, with nothing personal")
    func followsTheTicket() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            _ = try await client.ticket("pension")
            let mine = try await client.ticket("pension")

            var r = try await client.json(.get, "/api/v1/tickets/\(mine.code.lowercased())")
            #expect(r.status == .ok)
            #expect(r.body["number"] as? String == mine.number)
            #expect(r.body["status"] as? String == "waiting")
            #expect(r.body["ahead"] as? Int == 1)
            #expect((r.body["estimatedWaitSeconds"] as? Int ?? 0) > 0)
            #expect(r.body["feedback"] as? String == "/feedback?t=\(mine.code)")
            #expect(Set(r.body.keys).isSubset(of: Self.publicKeys), "\(r.body.keys)")

            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            #expect(try await client.json(.get, "/api/v1/tickets/\(mine.code)").body["ahead"] as? Int == 0)
            try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk)
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            r = try await client.json(.get, "/api/v1/tickets/\(mine.code)")
            #expect(r.body["status"] as? String == "called")
            #expect(r.body["window"] as? Int == 1)
            #expect(r.body["calls"] as? Int == 1)
            #expect(r.body["ahead"] == nil)
            try await client.json(.post, "/api/v1/windows/1/recall", cookie: clerk)
            #expect(try await client.json(.get, "/api/v1/tickets/\(mine.code)").body["calls"] as? Int == 2)

            try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk)
            r = try await client.json(.get, "/api/v1/tickets/\(mine.code)")
            #expect(r.body["status"] as? String == "finished")
            #expect(r.body["ratingStatus"] as? String == "awaiting")
            let rated = try await client.json(
                .post, "/api/v1/visits/\(r.body["visitID"] as? String ?? "")/rating", #"{"level":"满意","code":"\#(mine.code)"}"#)
            #expect(rated.status == .created)
            r = try await client.json(.get, "/api/v1/tickets/\(mine.code)")
            #expect(r.body["ratingStatus"] as? String == "rated")
            #expect(r.body["rating"] as? String == "satisfied")
        }
    }

    /// Every key the answer may carry: none holds a name, a phone or the code's owner.
    static let publicKeys: Set<String> = [
        "visitID", "number", "service", "priority", "status", "ahead", "estimatedWaitSeconds", "window", "windowName", "calls",
        "appointmentAt", "ratingStatus", "rating", "hallName", "feedback",
    ]

    @Test("a priority ticket counts only the priority tickets before it; a normal one counts them all")
    func aheadFollowsTheCallingOrder() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            _ = try await client.ticket("pension")
            let elderly = try await client.ticket("pension", priority: "elderly")
            let normal = try await client.ticket("pension")
            #expect(try await client.json(.get, "/api/v1/tickets/\(elderly.code)").body["ahead"] as? Int == 0)
            #expect(try await client.json(.get, "/api/v1/tickets/\(normal.code)").body["ahead"] as? Int == 2)
        }
    }

    @Test("the page opens for a real code; an unknown code gets a plain Chinese page and, after ten, 429")
    func unknownCodes() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let mine = try await client.ticket("pension")
            let page = try await client.execute(uri: "/t/\(mine.code)", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy] != nil)
            #expect(String(buffer: page.body).contains(#"<script type="module" src="/screens/ticket.js">"#))

            let unknown = try await client.execute(uri: "/t/ZZZZZZZZ", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: unknown.body)
            #expect(html.contains("没有找到这张号票"))
            #expect(!html.contains(mine.number))
            let json = try await client.json(.get, "/api/v1/tickets/ZZZZZZZZ")
            #expect(json.status == .notFound)
            #expect(json.body["error"] as? String == "unknown_ticket")
            for _ in 0..<8 { _ = try await client.json(.get, "/api/v1/tickets/YYYYYYYY") }
            let limited = try await client.json(.get, "/api/v1/tickets/\(mine.code)")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }
}
