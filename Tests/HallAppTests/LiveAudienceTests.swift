import Foundation
@testable import HallApp
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Testing

/// A live-feed screen (with `cookie`, a staff one) until a message satisfies `done`: its messages
/// as text, as they come, and its task.
func feedScreen(
    _ client: some TestClientProtocol, _ path: String, cookie: String? = nil, until done: @escaping @Sendable (String) -> Bool
) -> (messages: AsyncStream<String>, task: Task<Void, any Error>) {
    let (stream, sink) = AsyncStream.makeStream(of: String.self)
    var headers: HTTPFields = [:]
    if let cookie { headers[.cookie] = cookie }
    let task = Task { [headers] in
        defer { sink.finish() }
        try await client.ws(path, configuration: .init(maxFrameSize: 1 << 24, additionalHeaders: headers)) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = message else { continue }
                sink.yield(text)
                if done(text) { break }
            }
        }
    }
    return (stream, task)
}

/// Every message of a live-feed screen until one satisfies `done`.
func screenMessages(
    _ client: some TestClientProtocol, _ path: String, cookie: String? = nil, until done: @escaping @Sendable (String) -> Bool
) async throws -> [String] {
    let (stream, task) = feedScreen(client, path, cookie: cookie, until: done)
    var messages: [String] = []
    for await text in stream { messages.append(text) }
    try await task.value
    return messages
}

@Suite("Who sees what on the live feed", .timeLimit(.minutes(3)))
struct LiveAudienceTests {
    static let reason = "态度很差，让我跑了三趟"

    /// A001 served at window 1 by clerk1 (zhang-wei) and rated 非常不满意 with a reason, on its ticket code.
    func badlyRatedVisit(_ client: some TestClientProtocol) async throws -> (clerk: String, visitID: String) {
        let clerk = try await client.login("clerk1", "clerk12345", window: 1)
        try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
        let ticket = try await client.ticket("pension")
        try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
        #expect(try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk).status == .ok)
        let rated = try await client.json(
            .post, "/api/v1/visits/\(ticket.id)/rating", #"{"level":"非常不满意","reason":"\#(Self.reason)","code":"\#(ticket.code)"}"#)
        #expect(rated.status == .created)
        return (clerk, ticket.id)
    }

    @Test("a resident's 非常不满意 and its reason reach no public screen, live or replayed; staff see them on their own feed")
    func ratingsStayWithStaff() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            // The staff feed needs a session.
            #expect(try await client.execute(uri: "/api/v1/live?audience=staff", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/hall?audience=staff", method: .get).status == .unauthorized)
            // A public screen and the clerk's console watch while it happens.
            let rated: @Sendable (String) -> Bool = { $0.contains(#""type":"ratingRecorded""#) }
            let board = feedScreen(client, "/api/v1/live", until: rated)
            // The console follows the feed with its session: the staff feed, as `?audience=staff` asks.
            let console = feedScreen(client, "/api/v1/live", cookie: clerk, until: rated)
            var boardMessages = board.messages.makeAsyncIterator()
            var consoleMessages = console.messages.makeAsyncIterator()
            let boardFirst = try #require(await boardMessages.next())
            #expect(try #require(await consoleMessages.next()).contains(#""kind":"snapshot""#))

            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            let ticket = try await client.ticket("pension")
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            #expect(try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk).status == .ok)
            let rating = try await client.json(
                .post, "/api/v1/visits/\(ticket.id)/rating", #"{"level":"非常不满意","reason":"\#(Self.reason)","code":"\#(ticket.code)"}"#)
            #expect(rating.status == .created)

            var live = [boardFirst]
            while let text = await boardMessages.next() { live.append(text) }
            var staff: [String] = []
            while let text = await consoleMessages.next() { staff.append(text) }
            try await board.task.value
            try await console.task.value
            // A public screen asking for the whole history afterwards.
            let replayed = try await screenMessages(client, "/api/v1/live?since=0") {
                $0.contains(#""type":"ratingRecorded""#) || $0.contains(#""kind":"snapshot""#)
            }
            let publicHall = String(buffer: try await client.execute(uri: "/api/v1/hall", method: .get).body)
            for text in live + replayed + [publicHall] {
                #expect(!text.contains(Self.reason))
                #expect(!text.contains("veryUnsatisfied") && !text.contains(#""level""#), "\(text.prefix(300))")
                #expect(!text.contains(#""rating":"#))
            }
            let publicRating = try #require(live.last.map(feedMessage)?["event"] as? [String: Any])
            #expect(publicRating["type"] as? String == "ratingRecorded")
            #expect(publicRating["visitID"] as? String == ticket.id)
            #expect(publicRating["staffID"] == nil && publicRating["reason"] == nil && publicRating["source"] == nil)

            let staffRating = try #require(staff.last.map(feedMessage)?["event"] as? [String: Any])
            #expect(staffRating["reason"] as? String == Self.reason)
            #expect(staffRating["staffID"] as? String == "zhang-wei")
            #expect(staffRating["level"] != nil)
        }
    }

    @Test("scan progress goes to staff subscribers only")
    func scanProgressIsStaffOnly() async throws {
        let t = try await TestHall()
        let publicFeed = await t.hall.bus.subscribe(.public)
        let staffFeed = await t.hall.bus.subscribe(.staff)
        await t.hall.bus.publishTransient(
            #"{"kind":"scanProgress","window":1,"visitID":"20261123-A001","page":1,"pagesCompleted":0}"#, seq: 0)
        // A journal event after it: the public subscriber's next message must be that event.
        try await t.hall.execute(.setPresence(staffID: "zhang-wei", presence: Presence(status: .meeting)))
        var staffMessages = staffFeed.makeAsyncIterator()
        #expect(await staffMessages.next()?.json.contains("scanProgress") == true)
        var publicMessages = publicFeed.makeAsyncIterator()
        let first = try #require(await publicMessages.next())
        #expect(first.entry != nil)
        #expect(!first.json.contains("scanProgress"))
    }

    @Test("a screen reconnecting with since above the head (a restored hall) gets a fresh snapshot")
    func sinceAboveHead() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            let head = await t.hall.seq
            let screen = Task {
                try await screenMessages(client, "/api/v1/live?since=\(head + 100)") { _ in true }
            }
            while await t.hall.bus.subscriberCount == 0 { await Task.yield() }
            // Something happens after the screen connected: it must not be the first thing it hears.
            _ = try await client.ticket("pension")
            let first = try #require(try await screen.value.first.map(feedMessage))
            #expect(first["kind"] as? String == "snapshot")
            let hall = try #require(first["hall"] as? [String: Any])
            #expect(hall["seq"] as? Int == Int(head) || hall["seq"] as? Int == Int(head) + 1)
        }
    }
}
