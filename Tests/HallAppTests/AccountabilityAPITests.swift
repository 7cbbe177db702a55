import Foundation
import HallApp
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

/// Follow-ups, complaints and alerts over HTTP, every answer checked against openapi.yaml's schema.
@Suite("Accountability over the API (差评整改, 投诉建议, 预警)")
struct AccountabilityAPITests {
    static let evaluator1: HTTPFields = [HTTPField.Name("X-Device-Token")!: "demo-evaluator-1-alkMSCF5XmTrhuqQ"]

    /// A pension visit served at window 1 by clerk1 (张伟) and rated 不满意 from the evaluator.
    func badRating(_ client: some TestClientProtocol) async throws -> String {
        let clerk = try await client.login("clerk1", "clerk12345", window: 1)
        try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
        let ticket = try await client.ticket("pension")
        try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
        try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk)
        let rated = try await client.json(
            .post, "/api/v1/visits/\(ticket.id)/rating", #"{"level":"不满意","reason":"等候时间过长"}"#, headers: Self.evaluator1)
        #expect(rated.status == .created)
        let types = (rated.body["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(types == ["ratingRecorded", "followUpOpened"])
        return ticket.id
    }

    @Test("a bad rating's follow-up: listed, assigned, called back by the person assigned, closed; survives a restart")
    func followUpLife() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let id = try await badRating(client)
            #expect(try await client.json(.get, "/api/v1/follow-ups").status == .unauthorized)
            let clerk2 = try await client.login("clerk2", "clerk12345", window: 2)
            #expect(try await client.json(.get, "/api/v1/follow-ups", cookie: clerk2).status == .forbidden)
            let admin = try await client.login("admin", "admin12345")
            let open = try await client.array("/api/v1/follow-ups?status=open", cookie: admin)
            #expect(open.count == 1)
            try Schema.check(open[0], "FollowUp")
            #expect(open[0]["id"] as? String == id)
            #expect(open[0]["due"] as? String == "2026-11-26")
            #expect(open[0]["status"] as? String == "open")
            #expect(try await client.array("/api/v1/follow-ups?status=closed", cookie: admin).isEmpty)
            #expect(try await client.json(.get, "/api/v1/follow-ups?status=late", cookie: admin).status == .badRequest)

            // Nobody answers for it yet: a call-back is refused; a clerk who is not assigned may not act.
            let early = try await client.json(.post, "/api/v1/follow-ups/\(id)/call-back", #"{"reached":true,"note":"x"}"#, cookie: admin)
            #expect(early.status == .conflict)
            #expect(early.body["error"] as? String == "not_assigned")
            let assigned = try await client.json(.post, "/api/v1/follow-ups/\(id)/assign", #"{"staff":"li-na"}"#, cookie: admin)
            #expect(assigned.status == .ok)
            try Schema.check(assigned.body, "FollowUp")
            #expect(assigned.body["assignee"] as? String == "li-na")
            let clerk1 = try await client.login("clerk1", "clerk12345", window: 1)
            let notHers = try await client.json(
                .post, "/api/v1/follow-ups/\(id)/call-back", #"{"reached":true,"note":"x"}"#, cookie: clerk1)
            #expect(notHers.status == .forbidden)
            let called = try await client.json(
                .post, "/api/v1/follow-ups/\(id)/call-back", #"{"reached":true,"note":"已电话致歉，群众表示理解"}"#, cookie: clerk2)
            #expect(called.status == .ok)
            #expect(called.body["status"] as? String == "calledBack")
            let closed = try await client.json(
                .post, "/api/v1/follow-ups/\(id)/close", #"{"cause":"午间只开一个窗口","action":"午间增开AB岗"}"#, cookie: admin)
            #expect(closed.status == .ok)
            try Schema.check(closed.body, "FollowUp")
            let history = try #require(closed.body["history"] as? [[String: Any]])
            #expect(history.compactMap { $0["kind"] as? String } == ["opened", "assigned", "calledBack", "closed"])
            #expect(history.compactMap { $0["by"] as? String } == ["admin", "clerk2", "admin"])
            #expect(closed.body["closedBy"] as? String == "admin")
            #expect(try await client.json(.get, "/api/v1/follow-ups/nope", cookie: admin).status == .notFound)
            let bad = try await client.array("/api/v1/ratings/bad", cookie: admin)
            #expect(bad.first?["followUp"] as? String == "closed")
        }
        // The follow-up outlives the hall's restart (and the day): rebuilt from its own table.
        let again = try Hall(database: t.runtime.database, clock: t.clock)
        t.clock.advance(by: 86_400)
        try await again.tick()
        let restored = await again.state.followUps.all
        #expect(restored.count == 1)
        #expect(restored.first?.status == .closed)
        #expect(restored.first?.history.count == 4)
    }

    @Test("a kiosk complaint: code, text written on the phone, replied; the resident sees status and reply, never a phone number")
    func complaintLife() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let made = try await client.json(
                .post, "/api/v1/complaints", #"{"category":"attitude","channel":"kiosk","phone":"13800000001"}"#)
            #expect(made.status == .created)
            try Schema.check(made.body, "PublicComplaint")
            let code = try #require(made.body["code"] as? String)
            #expect(made.body["phone"] == nil)
            #expect(made.body["supervisionPhone"] as? String == "0838-6201234")
            #expect(made.body["due"] as? String == "2026-11-30")
            let written = try await client.json(.post, "/api/v1/complaints/\(code.lowercased())/text", #"{"text":"窗口人员态度生硬"}"#)
            #expect(written.status == .ok)
            #expect(written.body["text"] as? String == "窗口人员态度生硬")
            let twice = try await client.json(.post, "/api/v1/complaints/\(code)/text", #"{"text":"再写"}"#)
            #expect(twice.status == .conflict)

            #expect(try await client.json(.get, "/api/v1/complaints").status == .unauthorized)
            let admin = try await client.login("admin", "admin12345")
            let list = try await client.array("/api/v1/complaints?status=open", cookie: admin)
            #expect(list.count == 1)
            try Schema.check(list[0], "Complaint")
            #expect(list[0]["phone"] as? String == "13800000001")
            let early = try await client.json(.post, "/api/v1/complaints/\(code)/close", cookie: admin)
            #expect(early.body["error"] as? String == "not_replied")
            let assigned = try await client.json(.post, "/api/v1/complaints/\(code)/assign", #"{"staff":"zhou-jing"}"#, cookie: admin)
            #expect(assigned.body["owner"] as? String == "zhou-jing")
            let replied = try await client.json(.post, "/api/v1/complaints/\(code)/reply", #"{"text":"已约谈当事人并致歉"}"#, cookie: admin)
            #expect(replied.status == .ok)
            try Schema.check(replied.body, "Complaint")

            let seen = try await client.json(.get, "/api/v1/complaints/\(code)")
            #expect(seen.status == .ok)
            try Schema.check(seen.body, "PublicComplaint")
            #expect(seen.body["status"] as? String == "replied")
            #expect(seen.body["reply"] as? String == "已约谈当事人并致歉")
            #expect(seen.body["phone"] == nil && seen.body["owner"] == nil)
            let closed = try await client.json(.post, "/api/v1/complaints/\(code)/close", cookie: admin)
            #expect(closed.body["status"] as? String == "closed")

            let qr = try await client.execute(uri: "/api/v1/complaints/\(code)/qr.svg", method: .get)
            #expect(qr.status == .ok)
            #expect(qr.headers[.contentType] == "image/svg+xml")
            #expect(String(buffer: qr.body).hasPrefix("<svg"))
            #expect(try await client.execute(uri: "/feedback/\(code)", method: .get).status == .ok)
        }
    }

    @Test("public complaints are limited like tickets and in length; unknown codes answer 404, then 429")
    func complaintLimits() async throws {
        let t = try await TestHall(issueLimit: RateLimit(perMinute: 1, burst: 2))
        try await t.application().test(.router) { client in
            let long = String(repeating: "长", count: 501)
            let tooLong = try await client.json(.post, "/api/v1/complaints", #"{"category":"other","text":"\#(long)"}"#)
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.body["error"] as? String == "text_too_long")
            let badCategory = try await client.json(.post, "/api/v1/complaints", #"{"category":"weather"}"#)
            #expect(badCategory.status == .badRequest)
            #expect(try await client.json(.post, "/api/v1/complaints", #"{"category":"fees","text":"收费不明"}"#).status == .created)
            let limited = try await client.json(.post, "/api/v1/complaints", #"{"category":"fees"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            for _ in 0..<10 { #expect(try await client.json(.get, "/api/v1/complaints/ZZZZZZZZ").status == .notFound) }
            #expect(try await client.json(.get, "/api/v1/complaints/ZZZZZZZZ").status == .tooManyRequests)
        }
    }

    @Test("a window closed while residents wait raises an alert for its consoles; opening it clears it")
    func windowAlert() async throws {
        let t = try await TestHall(alerts: true)
        try await t.application().test(.router) { client in
            let clerk3 = try await client.login("clerk3", "clerk12345", window: 3)
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            try await client.ticket("disability-card")
            t.clock.advance(by: 1)
            try await t.hall.tick()
            #expect((try await client.json(.get, "/api/v1/alerts", cookie: clerk3).body["alerts"] as? [Any])?.isEmpty == true)
            try await client.json(.post, "/api/v1/windows/3/close", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            let mine = try await client.json(.get, "/api/v1/alerts", cookie: clerk3)
            #expect(mine.status == .ok)
            try Schema.check(mine.body, "Alerts")
            let alerts = try #require(mine.body["alerts"] as? [[String: Any]])
            #expect(alerts.compactMap { $0["id"] as? String } == ["window:3"])
            #expect((alerts.first?["message"] as? [String: String])?["zh"] == "3号窗口未开放，仍有1人等候其业务")
            // Window 2 backs up disability cards: its clerk sees it too; window 4's does not, nor may ask for window 3's.
            let clerk2 = try await client.login("clerk2", "clerk12345", window: 2)
            #expect((try await client.json(.get, "/api/v1/alerts", cookie: clerk2).body["alerts"] as? [Any])?.count == 1)
            let clerk4 = try await client.login("clerk4", "clerk12345", window: 4)
            #expect((try await client.json(.get, "/api/v1/alerts", cookie: clerk4).body["alerts"] as? [Any])?.isEmpty == true)
            #expect(try await client.json(.get, "/api/v1/alerts?window=3", cookie: clerk4).status == .forbidden)
            #expect(try await client.json(.get, "/api/v1/alerts").status == .unauthorized)
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            let admin = try await client.login("admin", "admin12345")
            #expect((try await client.json(.get, "/api/v1/alerts", cookie: admin).body["alerts"] as? [Any])?.isEmpty == true)
        }
        let types = try t.runtime.database.entries(after: 0).map(\.event.type)
        #expect(types.filter { $0 == "alertRaised" }.count == 1)
        #expect(types.filter { $0 == "alertCleared" }.count == 1)
    }
}

/// Checks an answer against a schema of openapi.yaml: required properties present, and no property
/// the schema does not name where it says `additionalProperties: false` (nested objects too).
enum Schema {
    /// Read afresh for each check: a few milliseconds, and no shared mutable state between tests.
    static var components: [String: Any] {
        let text = try! String(contentsOf: repositoryRoot.appendingPathComponent("Sources/HallApp/Resources/openapi.yaml"), encoding: .utf8)
        let document = try! Yams.load(yaml: text) as! [String: Any]
        return (document["components"] as! [String: Any])["schemas"] as! [String: Any]
    }

    static func check(_ value: [String: Any], _ name: String, path: String = "") throws {
        let schema = try #require(components[name] as? [String: Any], "no schema \(name)")
        try check(value, schema: schema, path: path.isEmpty ? name : path)
    }

    static func check(_ value: [String: Any], schema: [String: Any], path: String) throws {
        if let ref = schema["$ref"] as? String { return try check(value, String(ref.split(separator: "/").last!), path: path) }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in schema["required"] as? [String] ?? [] { #expect(value[key] != nil, "\(path).\(key) is required") }
        if schema["additionalProperties"] as? Bool == false {
            for key in value.keys { #expect(properties[key] != nil, "\(path).\(key) is not in the schema") }
        }
        for (key, sub) in value {
            guard let property = properties[key] as? [String: Any] else { continue }
            if let object = sub as? [String: Any] {
                try check(object, schema: property, path: "\(path).\(key)")
            } else if let array = sub as? [[String: Any]], let items = property["items"] as? [String: Any] {
                for (i, element) in array.enumerated() { try check(element, schema: items, path: "\(path).\(key)[\(i)]") }
            }
        }
    }
}
