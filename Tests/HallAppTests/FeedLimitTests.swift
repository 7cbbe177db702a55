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

@Suite("The live feed's bounds", .timeLimit(.minutes(3)))
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
            var local = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            let clientPort = Int(UInt16(bigEndian: local.sin_port))
            #expect(establishedConnections(toPort: port, from: clientPort) == 1)
            while bus.connections.count > 0 || bus.subscriberCount > inProcess { await Task.yield() }
            #expect(bus.connections.count == 0)
            // The socket itself is closed, not just the slot: the server's end leaves ESTABLISHED
            // (FIN_WAIT1 behind the unread data) although the client still reads nothing.
            let deadline = ContinuousClock.now + .seconds(10)
            while establishedConnections(toPort: port, from: clientPort) > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(establishedConnections(toPort: port, from: clientPort) == 0)
        }
    }

    /// The server's ESTABLISHED TCP connections on `port` from the client port `client`, as the kernel
    /// lists them (IPv4, or IPv4-mapped IPv6 when the server listens on both).
    func establishedConnections(toPort port: Int, from client: Int) -> Int {
        let hex = { (n: Int) -> String in
            let digits = String(n, radix: 16, uppercase: true)
            return ":" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        let (local, remote) = (hex(port), hex(client))
        return ["/proc/net/tcp", "/proc/net/tcp6"].reduce(0) { count, file in
            // Read to the end: the kernel hands out such tables a page at a time.
            let table = FileHandle(forReadingAtPath: file).map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
            return count
                + table.split(separator: "\n").dropFirst().filter { line in
                    let fields = line.split(separator: " ")
                    return fields.count > 3 && fields[1].hasSuffix(local) && fields[2].hasSuffix(remote) && fields[3] == "01"
                }.count
        }
    }
}
