import Foundation
import HallApp
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Logging
import NIOCore
import Testing

/// Reads live-feed messages as JSON objects.
func feedMessage(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

/// A screen on the live feed until a message containing `last`: its messages as text, and its task.
func liveScreen(
    _ client: some TestClientProtocol, path: String = "/api/v1/live", until last: String
) -> (messages: AsyncStream<String>, task: Task<Void, any Error>) {
    let (stream, sink) = AsyncStream.makeStream(of: String.self)
    let task = Task {
        defer { sink.finish() }
        try await client.ws(path, configuration: .init(maxFrameSize: 1 << 24)) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = message else { continue }
                sink.yield(text)
                if text.contains(last) { break }
            }
        }
    }
    return (stream, task)
}

@Suite("The live feed", .timeLimit(.minutes(3)))
struct LiveFeedTests {
    @Test("a screen gets the snapshot on connect and then every event in order")
    func snapshotThenEvents() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            let (stream, screen) = liveScreen(client, until: #""type":"visitCalled""#)
            var messages = stream.map(feedMessage).makeAsyncIterator()
            let snapshot = try #require(await messages.next())
            #expect(snapshot["kind"] as? String == "snapshot")
            let startSeq = try #require(snapshot["seq"] as? Int)
            #expect(((snapshot["hall"] as? [String: Any])?["name"] as? [String: String])?["zh"] == "青山镇便民服务中心")

            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            let ticket = try await client.ticket("pension")
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)

            var types: [String] = []
            var seqs: [Int] = []
            while let message = await messages.next() {
                let event = try #require(message["event"] as? [String: Any])
                types.append(event["type"] as? String ?? "")
                seqs.append(message["seq"] as? Int ?? -1)
                #expect(event["secret"] == nil)
                if types.last == "visitCalled" {
                    #expect(event["number"] as? String == ticket.number)
                    #expect(event["window"] as? Int == 1)
                    break
                }
            }
            #expect(types == ["windowOpened", "ticketIssued", "visitCalled"])
            #expect(seqs == Array(startSeq + 1...startSeq + 3))
            _ = try await screen.value
        }
    }

    @Test("a screen that reconnects with the last seq it saw receives what it missed, and no snapshot")
    func catchUp() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            let snapshot = try await client.json(.get, "/api/v1/hall")
            let seen = try #require(snapshot.body["seq"] as? Int)
            // Events happen while the screen is away.
            for _ in 0..<3 { _ = try await client.ticket("homestead") }
            let (stream, sink) = AsyncStream.makeStream(of: String.self)
            try await client.ws("/api/v1/live?since=\(seen)", configuration: .init(maxFrameSize: 1 << 24)) { inbound, _, _ in
                var count = 0
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    sink.yield(text)
                    count += 1
                    if count == 3 { break }
                }
            }
            sink.finish()
            var received: [[String: Any]] = []
            for await message in stream { received.append(feedMessage(message)) }
            #expect(received.map { $0["kind"] as? String } == ["views", "views", "views"])
            #expect(received.map { $0["seq"] as? Int } == [seen + 1, seen + 2, seen + 3])
            #expect(received.compactMap { ($0["event"] as? [String: Any])?["number"] as? String } == ["K001", "K002", "K003"])
        }
    }

    @Test("a configuration change tells open screens to reload their snapshot")
    func configurationChangeResetsScreens() async throws {
        let t = try await TestHall()
        try await t.application().test(.live) { client in
            let (stream, screen) = liveScreen(client, until: #""kind":"reset""#)
            var messages = stream.map(feedMessage).makeAsyncIterator()
            #expect(await messages.next()?["kind"] as? String == "snapshot")
            var configuration = await t.hall.configuration
            configuration.name = LocalizedText(zh: "青山镇便民服务中心（新）", en: "Qingshan (new)")
            try await t.hall.applyConfiguration(configuration) {}
            #expect(await messages.next()?["kind"] as? String == "reset")
            #expect(await t.hall.snapshot().name.zh == "青山镇便民服务中心（新）")
            _ = try await screen.value
        }
    }
}
