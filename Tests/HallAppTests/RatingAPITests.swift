import Foundation
import HallApp
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Rating over the API (好差评)")
struct RatingAPITests {
    /// A001 called and finished at window 1 by clerk1.
    func finished(_ client: some TestClientProtocol) async throws -> (id: String, code: String) {
        let clerk = try await client.login("clerk1", "clerk12345", window: 1)
        try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
        let ticket = try await client.ticket("pension")
        try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
        #expect(try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk).status == .ok)
        return (ticket.id, ticket.code)
    }

    @Test("the resident rates with the code on the ticket, once; a guessed code or a second rating is refused")
    func byTicketCode() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (id, code) = try await finished(client)
            let guessed = try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":"满意","code":"ABCDEFGH"}"#)
            #expect(guessed.status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":"满意"}"#).status == .forbidden)
            let ok = try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":"非常满意","code":"\#(code)"}"#)
            #expect(ok.status == .created)
            let again = try await client.json(.post, "/api/v1/visits/\(id)/rating", #"{"level":1,"reason":"x","code":"\#(code)"}"#)
            #expect(again.status == .conflict)
            #expect(again.body["error"] as? String == "already_rated")
        }
    }

    @Test("the window's evaluator rates with its device token; another window's evaluator cannot")
    func byEvaluator() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (id, _) = try await finished(client)
            let other = try await client.json(
                .post, "/api/v1/visits/\(id)/rating", #"{"level":5}"#,
                headers: [HTTPField.Name("X-Device-Token")!: "demo-evaluator-2-ay7J5KF2LwkOAzoI"])
            #expect(other.status == .forbidden)
            let forged = try await client.json(
                .post, "/api/v1/visits/\(id)/rating", #"{"level":5}"#, headers: [HTTPField.Name("X-Device-Token")!: "made-up"])
            #expect(forged.status == .forbidden)
            let noReason = try await client.json(
                .post, "/api/v1/visits/\(id)/rating", #"{"level":"不满意"}"#,
                headers: [HTTPField.Name("X-Device-Token")!: "demo-evaluator-1-alkMSCF5XmTrhuqQ"])
            #expect(noReason.status == .badRequest)
            #expect(noReason.body["error"] as? String == "reason_required")
            let bad = try await client.json(
                .post, "/api/v1/visits/\(id)/rating", #"{"level":"不满意","reason":"等候时间过长"}"#,
                headers: [HTTPField.Name("X-Device-Token")!: "demo-evaluator-1-alkMSCF5XmTrhuqQ"])
            #expect(bad.status == .created)
            let admin = try await client.login("admin", "admin12345")
            let list = try await client.array("/api/v1/ratings/bad", cookie: admin)
            #expect(list.count == 1)
            #expect(list.first?["reason"] as? String == "等候时间过长")
            #expect(list.first?["staffID"] as? String == "zhang-wei")
        }
    }

    @Test("a visit that is still waiting cannot be rated")
    func notFinished() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let ticket = try await client.ticket("pension")
            let r = try await client.json(.post, "/api/v1/visits/\(ticket.id)/rating", #"{"level":5,"code":"\#(ticket.code)"}"#)
            #expect(r.status == .conflict)
            #expect(r.body["error"] as? String == "not_awaiting_rating")
        }
    }
}
