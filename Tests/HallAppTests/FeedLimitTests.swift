import Foundation
import HTTPTypes
import HallCore
import Logging
import NIOCore
import HummingbirdTesting
import HummingbirdWSTesting
import Testing

@testable import HallApp

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The live feed's bounds", .timeLimit(.minutes(1)))
struct FeedLimitTests {
    /// A screen that stays connected; returns once it got its snapshot.
    func connectedScreen(_ client: some TestClientProtocol) async throws -> Task<Void, any Error> {
        let screen = feedScreen(client, "/api/v1/live") { _ in false }
        var messages = screen.messages.makeAsyncIterator()
        #expect(await messages.next()?.contains(#""kind":"snapshot""#) == true)
        return screen.task
    }

    @Test("beyond the connections one address may hold, the feed answers 503 with the reason; a closed one frees its slot")
    func perAddress() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        bus.connections.limits = LiveFeedLimits(perAddress: 2, total: 10)
        try await t.application().test(.live) { client in
            let first = try await connectedScreen(client)
            let second = try await connectedScreen(client)
            #expect(bus.connections.count == 2)
            let refused = try await client.json(.get, "/api/v1/live")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.body["error"] as? String == "too_many_connections_from_address")
            #expect((refused.body["message"] as? String)?.isEmpty == false)
            // A real upgrade is refused too.
            await #expect(throws: (any Error).self) {
                try await client.ws("/api/v1/live") { _, _, _ in }
            }
            #expect(bus.connections.count == 2)

            first.cancel()
            while bus.connections.count > 1 { await Task.yield() }
            let third = try await connectedScreen(client)
            second.cancel()
            third.cancel()
        }
    }

    @Test("beyond the connections of all addresses together, the feed answers 503")
    func total() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        bus.connections.limits = LiveFeedLimits(perAddress: 16, total: 1)
        try await t.application().test(.live) { client in
            let screen = try await connectedScreen(client)
            let refused = try await client.json(.get, "/api/v1/live")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.body["error"] as? String == "too_many_connections")
            screen.cancel()
        }
    }

    @Test("a peer that stops reading is cut off after the write timeout: its subscription and its slot are freed")
    func stalledPeer() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        bus.connections.limits = LiveFeedLimits(perAddress: 4, total: 10, writeTimeout: .milliseconds(300))
        try await t.application().test(.live) { client in
            let port = try #require(client.port)
            // The printing service subscribes too.
            let inProcess = bus.subscriberCount
            // A raw client with a tiny receive buffer that upgrades and then never reads.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #expect(fd >= 0)
            defer { close(fd) }
            var size: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let upgrade =
                "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            #expect(send(fd, upgrade, upgrade.utf8.count, 0) == upgrade.utf8.count)
            while bus.connections.count == 0 || bus.subscriberCount == inProcess { await Task.yield() }

            // Far more than the socket buffers hold: the server's writes wait for a reader that never comes.
            let big = #"{"kind":"notice","text":""# + String(repeating: "x", count: 1 << 20) + #""}"#
            let seq = await t.hall.seq
            for _ in 0..<64 { bus.publish([FeedPost(seq: seq, entry: nil, staff: big, public: big)]) }
            while bus.connections.count > 0 || bus.subscriberCount > inProcess { await Task.yield() }
            #expect(bus.connections.count == 0)
        }
    }
}
