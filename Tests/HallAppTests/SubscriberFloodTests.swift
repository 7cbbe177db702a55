import Foundation
import HTTPTypes
import HallCore
import Logging
import NIOCore
import HummingbirdTesting
import Testing

@testable import HallApp

@Suite("In-process subscribers never end silently", .timeLimit(.minutes(3)))
struct SubscriberFloodTests {
    static let progress = #"{"kind":"scanProgress","window":1,"visitID":"20261123-A001","page":1,"pagesCompleted":0}"#

    @Test("more scan progress than a screen's buffer, unread by the printing service, does not stop the kiosk's tickets printing")
    func printingSurvivesScanFlood() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        // The printing service subscribes when the application is made; it reads nothing until it runs.
        let app = t.application()
        let seq = await t.hall.seq
        for _ in 0..<5_000 { bus.publishTransient(Self.progress, seq: seq) }
        try await app.test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(r.status == .created)
            let print = try #require(r.body["print"] as? [String: Any])
            #expect(print["printed"] as? Bool == true, "\(print)")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test("an in-process subscriber hears every journal entry after a flood, and no scan progress")
    func entriesOnly() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        let feed = bus.subscribeInProcess("probe")
        let seq = await t.hall.seq
        for _ in 0..<5_000 { bus.publishTransient(Self.progress, seq: seq) }
        let issued = try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XPA"))
        var messages = feed.makeAsyncIterator()
        let first = try #require(await messages.next())
        #expect(first.entry == issued.first)
        #expect(!first.json.contains("scanProgress"))
    }

    @Test("a subscriber whose task dies shows in /healthz until one of its name subscribes again")
    func stoppedSubscriberInHealth() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        try await t.application().test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let feed = bus.subscribeInProcess("evaluator-prompts")
            let reader = Task { for await _ in feed {} }
            reader.cancel()
            await reader.value
            let health = try await client.json(.get, "/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(health.body["status"] as? String == "degraded")
            let problems = try #require(health.body["problems"] as? [String: Any])
            #expect(problems["stoppedSubscribers"] as? [String] == ["evaluator-prompts"])

            let again = bus.subscribeInProcess("evaluator-prompts")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            _ = again
        }
    }
}
