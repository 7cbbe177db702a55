import Foundation
import GRDB
import HallApp
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// Issue 10, items 12–14 and part of 11, each as a client on the hall's network would meet it.
@Suite("Hardening: errors, cross-site requests, evaluator tokens, bounded limits")
struct HardeningAPITests {
    let deviceToken = HTTPField.Name("X-Device-Token")!

    /// A raw request; the JSON body as a dictionary.
    func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], text: String, headers: HTTPFields) {
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, object, String(buffer: response.body), response.headers)
    }

    /// A001 called and finished at window 1 by clerk1, awaiting its rating.
    func finished(_ client: some TestClientProtocol) async throws -> (id: String, code: String) {
        let clerk = try await client.login("clerk1", "clerk12345", window: 1)
        try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
        let ticket = try await client.ticket("pension")
        try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
        #expect(try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk).status == .ok)
        return (ticket.id, ticket.code)
    }

    // MARK: Item 12 — internal error text never reaches clients

    @Test("a storage error answers a bilingual message with an error id; the SQL and the path go only to the log")
    func internalErrorsStayInTheLog() async throws {
        let log = LogRecorder()
        let t = try await TestHall(log: log)
        try await t.application().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            #expect(try await client.json(.get, "/api/v1/ratings/bad", cookie: admin).status == .ok)
            // The ratings table goes missing under the hall (a damaged or foreign database file).
            try await DatabaseQueue(path: t.directory + "/hall.sqlite").write {
                try $0.execute(sql: "ALTER TABLE ratings RENAME TO ratings_moved")
            }
            let r = try await send(client, .get, "/api/v1/ratings/bad", headers: [.cookie: admin])
            #expect(r.status == .internalServerError)
            #expect(r.body["error"] as? String == "internal")
            let message = try #require(r.body["message"] as? String)
            let english = try #require(r.body["message_en"] as? String)
            #expect(message.hasPrefix("服务器内部错误"))
            for leak in ["SELECT", "ratings", "SQLite", "sqlite", t.directory, "while executing"] {
                #expect(!r.text.contains(leak), "the answer leaks \(leak): \(r.text)")
            }
            // The error id in the answer finds the real error in the log.
            let id = try #require(english.firstMatch(of: /error id ([0-9a-f]{8})/)?.output.1)
            #expect(message.contains(String(id)))
            let line = log.all.first { $0.contains("errorID=\(id)") }
            #expect(line?.contains("no such table: ratings") == true, "\(log.all)")
        }
    }

    // MARK: Item 13 — cross-site requests

    @Test("a form a web page could post (form, text or no type) issues nothing: 415; JSON by its type is read")
    func formBodiesAreRefused() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let body = #"{"service":"pension"}"#
            for type in ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", nil] as [String?] {
                var headers: HTTPFields = [:]
                if let type { headers[.contentType] = type }
                let r = try await send(client, .post, "/api/v1/tickets", body, headers: headers)
                #expect(r.status == .unsupportedMediaType, "\(type ?? "no type"): \(r.text)")
                #expect(r.body["error"] as? String == "unsupported_media_type")
            }
            #expect(await t.hall.state.visits.isEmpty)
            let json = try await send(client, .post, "/api/v1/tickets", body, headers: [.contentType: "application/vnd.hall+json"])
            #expect(json.status == .created, "\(json.text)")
        }
    }

    @Test("a clerk's browser sent by another site changes nothing: 403 cross_site; the hall's own pages and curl pass")
    func crossSiteCommandsAreRefused() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            // The test client reaches the hall as `localhost` (its `Host`, without a port).
            let foreign: [HTTPFields] = [
                [.origin: "http://evil.example"],
                [.origin: "http://localhost:8081"],
                [.origin: "https://localhost.evil.example"],
                [.origin: "null"],
                [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
                [HTTPField.Name("Sec-Fetch-Site")!: "cross-site", .origin: "http://localhost"],
            ]
            for extra in foreign {
                var headers = extra
                headers[.cookie] = clerk
                headers[.contentType] = "application/json"
                let r = try await send(client, .post, "/api/v1/windows/1/open", headers: headers)
                #expect(r.status == .forbidden, "\(extra): \(r.text)")
                #expect(r.body["error"] as? String == "cross_site")
                #expect((r.body["message"] as? String)?.contains("其他网站") == true)
                #expect((r.body["message_en"] as? String)?.hasPrefix("Cross-site request refused: ") == true)
                let ticket = try await send(client, .post, "/api/v1/tickets", #"{"service":"pension"}"#, headers: headers)
                #expect(ticket.status == .forbidden)
            }
            #expect(await t.hall.state.windows[1]?.status == .closed)
            #expect(await t.hall.state.visits.isEmpty)
            // The hall's own page (same origin, as the browser says it), and curl (no Origin).
            let own = try await send(
                client, .post, "/api/v1/windows/1/open",
                headers: [
                    .cookie: clerk, .contentType: "application/json", .origin: "http://localhost",
                    HTTPField.Name("Sec-Fetch-Site")!: "same-origin",
                ])
            #expect(own.status == .ok, "\(own.text)")
            #expect(try await client.json(.post, "/api/v1/windows/1/close", cookie: clerk).status == .ok)
            // Reading stays open to any page: the boards are public.
            let read = try await send(client, .get, "/api/v1/services", headers: [.origin: "http://evil.example"])
            #expect(read.status == .ok)
        }
    }

    @Test("a live server compares Origin with the Host header it was reached by")
    func crossSiteOverTheWire() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            // The live test client sends `Host: localhost` (without the port a browser would add).
            let own = try await send(
                client, .post, "/api/v1/tickets", #"{"service":"pension"}"#,
                headers: [.contentType: "application/json", .origin: "http://localhost"])
            let other = try await send(
                client, .post, "/api/v1/tickets", #"{"service":"pension"}"#,
                headers: [.contentType: "application/json", .origin: "http://127.0.0.1"])
            #expect(own.status == .created, "\(own.text)")
            #expect(other.status == .forbidden)
            #expect(other.body["error"] as? String == "cross_site")
        }
    }

    // MARK: Item 14 — evaluator tokens and rating codes

    @Test("a bad token, another window's token, a bad code and a bad visit all answer the same refusal")
    func noOracle() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (id, code) = try await finished(client)
            let json: HTTPFields = [.contentType: "application/json"]
            var answers: [(String, HTTPResponse.Status, String)] = []
            for (label, visit, token, body) in [
                ("bad token", id, "demo-evaluator-x", #"{"level":5}"#),
                ("another window's token", id, "demo-evaluator-2-ay7J5KF2LwkOAzoI", #"{"level":5}"#),
                ("good token, unknown visit", "20261123-Z999", "demo-evaluator-1-alkMSCF5XmTrhuqQ", #"{"level":5}"#),
                ("bad token, unknown visit", "20261123-Z999", "nope", #"{"level":5}"#),
                ("bad code", id, nil, #"{"level":5,"code":"ZZZZZZZZ"}"#),
                ("good code, unknown visit", "20261123-Z999", nil, #"{"level":5,"code":"\#(code)"}"#),
            ] as [(String, String, String?, String)] {
                var headers = json
                if let token { headers[deviceToken] = token }
                let r = try await send(client, .post, "/api/v1/visits/\(visit)/rating", body, headers: headers)
                answers.append((label, r.status, r.text))
            }
            for (label, status, text) in answers {
                #expect(status == .forbidden, "\(label): \(text)")
                #expect(text == answers[0].2, "\(label) answers differently: \(text)")
            }
            #expect(answers[0].2.contains("rating_refused"))
            // The right token still rates.
            var headers = json
            headers[deviceToken] = "demo-evaluator-1-alkMSCF5XmTrhuqQ"
            #expect(try await send(client, .post, "/api/v1/visits/\(id)/rating", #"{"level":5}"#, headers: headers).status == .created)
        }
    }

    @Test("guessing is limited per address: after 10 refusals, 429 with Retry-After, and nothing is rated")
    func guessingIsLimited() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (id, code) = try await finished(client)
            for guess in 0..<10 {
                let r = try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":5,"code":"GUESS\#(guess)"}"#)
                #expect(r.status == .forbidden, "guess \(guess)")
            }
            let limited = try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":5,"code":"\#(code)"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body["error"] as? String == "too_many_attempts")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(await t.hall.state.visits[id]?.ratingStatus == .awaiting)
        }
    }

    @Test("token comparison looks at every byte: equal only when equal")
    func constantTimeComparison() {
        #expect(RatingController.constantTimeEquals("demo-evaluator-1", "demo-evaluator-1"))
        #expect(!RatingController.constantTimeEquals("demo-evaluator-1", "demo-evaluator-2"))
        #expect(!RatingController.constantTimeEquals("demo-evaluator-1", "demo-evaluator-10"))
        #expect(!RatingController.constantTimeEquals("", "x"))
        #expect(!RatingController.constantTimeEquals("a\u{0}", "a"))
    }

    // MARK: Item 11 (part) — bounded memory and bodies

    @Test("the rate limiter keeps at most maxClients buckets, and a limited client stays limited meanwhile")
    func rateLimiterIsBounded() {
        let limiter = RateLimiter(perMinute: 6, burst: 2, maxClients: 100)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(limiter.allow("guesser", now: start))
        #expect(limiter.allow("guesser", now: start))
        #expect(!limiter.allow("guesser", now: start))
        for n in 0..<50 { _ = limiter.allow("10.0.0.\(n)", now: start.addingTimeInterval(1)) }
        #expect(!limiter.allow("guesser", now: start.addingTimeInterval(2)))
        for n in 0..<5_000 { _ = limiter.allow("client-\(n)", now: start.addingTimeInterval(3 + Double(n) / 1_000)) }
        #expect(limiter.clientCount <= 100)
        // Long after, everyone has refilled: a new client finds room without growing the table.
        _ = limiter.allow("late", now: start.addingTimeInterval(3_600))
        #expect(limiter.clientCount <= 100)
        #expect(limiter.allow("guesser", now: start.addingTimeInterval(3_600)))
    }

    @Test("a JSON body over 16 KB is refused with 413 and changes nothing; an upload keeps its own limit")
    func jsonBodiesAreBounded() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            let reason = String(repeating: "午", count: 6 * 1024)  // 18 KB of UTF-8
            let r = try await client.json(.post, "/api/v1/windows/1/pause", #"{"reason":"\#(reason)"}"#, cookie: clerk)
            #expect(r.status == .contentTooLarge)
            #expect(r.body["error"] as? String == "too_large")
            #expect((r.body["message"] as? String)?.contains("16KB") == true)
            #expect(await t.hall.state.windows[1]?.status == .open)
        }
    }
}
