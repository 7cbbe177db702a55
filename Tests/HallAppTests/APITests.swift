import Foundation
import HallApp
import HallConfig
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The HTTP API: answers, errors and who may do what")
struct APITests {
    @Test("the kiosk lists services with waiting counts and takes a ticket with its number, people ahead and rating code")
    func kioskFlow() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let first = try await client.ticket("pension")
            #expect(first.number == "A001")
            #expect(first.code.count == 8)
            let second = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension","priority":"elderly"}"#)
            #expect(second.body["number"] as? String == "A002")
            #expect(second.body["ahead"] as? Int == 1)
            let services = try await client.array("/api/v1/services")
            let pension = try #require(services.first { $0["id"] as? String == "pension" })
            #expect(pension["waiting"] as? Int == 2)
            #expect((pension["materials"] as? [[String: String]])?.first?["zh"] == "居民身份证原件及复印件")
            let hall = try await client.json(.get, "/api/v1/hall")
            #expect((hall.body["waiting"] as? [[String: Any]])?.count == 2)
            // The snapshot never shows rating codes.
            let raw = try await client.execute(uri: "/api/v1/hall", method: .get)
            #expect(!String(buffer: raw.body).contains(first.code))
        }
    }

    @Test("bad input gets a JSON error naming the reason, and changes nothing")
    func errors() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let unknown = try await client.json(.post, "/api/v1/tickets", #"{"service":"passport"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown.body["error"] as? String == "unknown_service")
            #expect((unknown.body["message"] as? String)?.contains("没有该业务") == true)
            let missing = try await client.json(.post, "/api/v1/tickets", #"{"servce":"pension"}"#)
            #expect(missing.status == .badRequest)
            #expect((missing.body["message_en"] as? String)?.contains("service") == true)
            let garbage = try await client.json(.post, "/api/v1/tickets", "not json")
            #expect(garbage.status == .badRequest)
            #expect(garbage.body["error"] as? String == "bad_body")
            let route = try await client.json(.get, "/api/v1/nothing-here")
            #expect(route.status == .notFound)
            #expect(route.body["error"] as? String == "not_found")
            let cookie = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: cookie)
            let finish = try await client.json(.post, "/api/v1/windows/1/finish", cookie: cookie)
            #expect(finish.status == .conflict)
            #expect(finish.body["error"] as? String == "no_current_visit")
            let pause = try await client.json(.post, "/api/v1/windows/1/pause", #"{"reason":""}"#, cookie: cookie)
            #expect(pause.status == .badRequest)
            #expect(pause.body["error"] as? String == "reason_required")
            let services = try await client.array("/api/v1/services")
            #expect(services.allSatisfy { $0["waiting"] as? Int == 0 })
        }
    }

    @Test("outside opening hours the kiosk is told when the hall opens")
    func closed() async throws {
        let t = try await TestHall(at: chinaTime("19:30"))
        try await t.application().test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(r.status == .conflict)
            #expect(r.body["error"] as? String == "hall_closed")
            #expect((r.body["message"] as? String)?.contains("2026-11-24") == true)
        }
    }

    @Test("window actions need a clerk logged in to that window; statistics need an administrator")
    func roles() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next").status == .unauthorized)
            let wrong = try await client.json(.post, "/api/v1/session", #"{"username":"clerk1","password":"guess","window":1}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            let noWindow = try await client.json(.post, "/api/v1/session", #"{"username":"clerk1","password":"clerk12345"}"#)
            #expect(noWindow.status == .badRequest)

            let login = try await client.json(.post, "/api/v1/session", #"{"username":"clerk1","password":"clerk12345","window":1}"#)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            let clerk = String(setCookie.split(separator: ";")[0])
            #expect(try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk).status == .ok)
            let other = try await client.json(.post, "/api/v1/windows/2/open", cookie: clerk)
            #expect(other.status == .forbidden)
            #expect(other.body["error"] as? String == "other_window")
            #expect(try await client.json(.get, "/api/v1/stats/satisfaction", cookie: clerk).status == .forbidden)
            #expect(try await client.json(.get, "/api/v1/config", cookie: clerk).status == .forbidden)
            #expect(try await client.json(.put, "/api/v1/staff/li-na/presence", #"{"status":"leave"}"#, cookie: clerk).status == .forbidden)
            #expect(
                try await client.json(.put, "/api/v1/staff/zhang-wei/presence", #"{"status":"away","note":"去复印"}"#, cookie: clerk).status
                    == .ok)

            let admin = try await client.login("admin", "admin12345")
            #expect(try await client.json(.get, "/api/v1/stats/satisfaction?by=staff", cookie: admin).status == .ok)
            #expect(try await client.json(.get, "/api/v1/stats/satisfaction?by=color", cookie: admin).status == .badRequest)
            #expect(try await client.json(.get, "/api/v1/stats/satisfaction?from=2026-13-01", cookie: admin).status == .badRequest)
            #expect(try await client.json(.put, "/api/v1/staff/li-na/presence", #"{"status":"leave"}"#, cookie: admin).status == .ok)

            // Logging out ends the session.
            #expect(try await client.json(.delete, "/api/v1/session", cookie: clerk).status == .noContent)
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .unauthorized)
        }
    }

    @Test("a clerk's window actions credit the clerk who is actually at the window")
    func restaffing() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk1 = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk1)
            // 李娜 (clerk2) covers window 1 (AB post) while 张伟 is away: he logs out, the window stays open.
            #expect(try await client.json(.delete, "/api/v1/session", cookie: clerk1).status == .noContent)
            let clerk2 = try await client.login("clerk2", "clerk12345", window: 1)
            _ = try await client.ticket("pension")
            let call = try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk2)
            #expect(call.status == .ok)
            #expect(((call.body["window"] as? [String: Any])?["staff"] as? [String: Any])?["id"] as? String == "li-na")
        }
    }

    @Test("issuing is rate-limited per kiosk")
    func rateLimit() async throws {
        let t = try await TestHall(issueLimit: .init(perMinute: 6, burst: 3))
        try await t.application().test(.router) { client in
            for _ in 0..<3 { _ = try await client.ticket("pension") }
            let limited = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body["error"] as? String == "rate_limited")
            t.clock.advance(by: 10)  // one token back at 6 a minute
            _ = try await client.ticket("pension")
        }
    }

    @Test("health reports the durable journal; metrics are Prometheus text")
    func health() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let health = try await client.json(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.body["journalMode"] as? String == "wal")
            #expect(health.body["synchronous"] as? Int == 2)
            _ = try await client.ticket("pension")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"hall_waiting{service="pension"} 1"#))
        }
    }
}
