import CEpoll
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Screens on the live feed as plain sockets read by one thread (`epoll`): the WebSocket handshake,
/// then frames parsed from the bytes as they arrive, each timed when its last byte is read. A
/// hall's screens are browsers on devices of their own; here they share the hall's two cores, so
/// what they cost must be small: an event loop, a frame decoder and an async stream per frame and
/// screen (the WebSocket client of hummingbird-websocket) took as much processor time as the hall.
final class RawScreens: @unchecked Sendable {
    /// What a screen's frame says, found by its marker.
    enum Kind: Int, CaseIterable, Sendable {
        case snapshot, issued, called, finished

        var marker: [UInt8] {
            switch self {
            case .snapshot: Array(#""kind":"snapshot""#.utf8)
            case .issued: Array(#""type":"ticketIssued""#.utf8)
            case .called: Array(#""type":"visitCalled""#.utf8)
            case .finished: Array(#""type":"visitFinished""#.utf8)
            }
        }
    }

    private struct Screen {
        var fd: Int32
        var buffer: [UInt8] = []
        /// A message split across frames, until its last frame.
        var message: [UInt8] = []
    }

    private let count: Int
    private var screens: [Screen] = []
    private let epoll: Int32
    /// A pipe whose write end stops the reading thread.
    private let wake: (read: Int32, write: Int32)
    /// Per kind, when each screen got it (the receiving thread appends; the bench takes them).
    private let receipts = Mutex<[[ContinuousClock.Instant]]>(Array(repeating: [], count: Kind.allCases.count))
    private let batches: AsyncStream<Kind>.Continuation
    let arrivals: AsyncStream<Kind>
    private let failure = Mutex<String?>(nil)

    /// Connects `count` screens to the hall's feed on `port` and starts reading them.
    init(port: Int, count: Int) throws {
        self.count = count
        (arrivals, batches) = AsyncStream.makeStream(of: Kind.self)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        wake = (ends[0], ends[1])
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw BenchError("epoll: \(String(cString: strerror(errno)))") }
        for _ in 0..<count { screens.append(Screen(fd: try Self.connect(port: port))) }
        for (index, screen) in screens.enumerated() { try watch(screen.fd, as: UInt64(index)) }
        try watch(wake.read, as: UInt64.max)
        let thread = Thread { [self] in self.read() }
        thread.name = "bench.screens"
        thread.start()
    }

    /// Stops the reading thread and closes every screen.
    func close() {
        var one: UInt8 = 1
        _ = write(wake.write, &one, 1)
    }

    /// The instants every screen got the `index`-th message of `kind`, waiting until all did.
    func all(_ kind: Kind, round index: Int) async throws -> [ContinuousClock.Instant] {
        while true {
            if let failure = failure.withLock({ $0 }) { throw BenchError(failure) }
            let times = receipts.withLock { $0[kind.rawValue] }
            if times.count >= (index + 1) * count { return Array(times[(index * count)..<((index + 1) * count)]) }
            var iterator = arrivals.makeAsyncIterator()
            _ = await iterator.next()
        }
    }

    private func watch(_ fd: Int32, as key: UInt64) throws {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = key
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { throw BenchError("epoll_ctl: \(String(cString: strerror(errno)))") }
    }

    /// A socket with the WebSocket handshake done (a blocking exchange, then non-blocking reads).
    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError("connect: \(String(cString: strerror(errno)))") }
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request = Array(
            ("GET /api/v1/live?audience=public HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw BenchError("the upgrade request could not be sent")
        }
        // The answer's head, byte by byte: what follows it (the snapshot) stays in the socket.
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while head.suffix(4) != [13, 10, 13, 10] {
            guard recv(fd, &byte, 1, 0) == 1 else { throw BenchError("the hall closed the feed during the upgrade") }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw BenchError("the feed refused a screen: \(String(decoding: head, as: UTF8.self).prefix(200))")
        }
        var nodelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &nodelay, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }

    /// The reading thread: every readable screen's bytes, cut into frames.
    private func read() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        running: while true {
            let ready = epoll_wait(epoll, &events, Int32(events.count), -1)
            if ready < 0 && errno == EINTR { continue }
            for event in events.prefix(Int(max(0, ready))) {
                if event.data.u64 == UInt64.max { break running }
                let index = Int(event.data.u64)
                while true {
                    let got = recv(screens[index].fd, &chunk, chunk.count, 0)
                    if got > 0 {
                        screens[index].buffer.append(contentsOf: chunk[0..<got])
                        continue
                    }
                    if got < 0 && errno == EINTR { continue }
                    if got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                        failure.withLock { $0 = "a screen's connection ended" }
                        batches.yield(.snapshot)
                        break running
                    }
                    break
                }
                frames(of: index)
            }
        }
        for screen in screens { Glibc.close(screen.fd) }
        Glibc.close(epoll)
        Glibc.close(wake.read)
        Glibc.close(wake.write)
        batches.finish()
    }

    /// Takes every whole frame from screen `index`'s bytes (the hall's frames are not masked).
    private func frames(of index: Int) {
        var offset = 0
        let buffer = screens[index].buffer
        while buffer.count - offset >= 2 {
            let fin = buffer[offset] & 0x80 != 0
            let opcode = buffer[offset] & 0x0F
            var length = Int(buffer[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard buffer.count - offset >= 4 else { break }
                length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                header = 4
            } else if length == 127 {
                guard buffer.count - offset >= 10 else { break }
                length = (0..<8).reduce(0) { $0 << 8 | Int(buffer[offset + 2 + $1]) }
                header = 10
            }
            guard buffer.count - offset >= header + length else { break }
            let payload = buffer[(offset + header)..<(offset + header + length)]
            offset += header + length
            switch opcode {
            case 0x9: pong(screens[index].fd, Array(payload))
            case 0x1, 0x2, 0x0:
                screens[index].message.append(contentsOf: payload)
                if fin {
                    arrived(screens[index].message, at: ContinuousClock.now)
                    screens[index].message.removeAll(keepingCapacity: true)
                }
            default: break
            }
        }
        screens[index].buffer.removeFirst(offset)
    }

    private func arrived(_ message: [UInt8], at instant: ContinuousClock.Instant) {
        guard let kind = Kind.allCases.first(where: { message.contains($0.marker) }) else { return }
        let whole = receipts.withLock { receipts -> Bool in
            receipts[kind.rawValue].append(instant)
            return receipts[kind.rawValue].count % count == 0
        }
        if whole { batches.yield(kind) }
    }

    /// Answers the hall's ping (its auto-ping closes a screen that stays silent): a masked pong.
    private func pong(_ fd: Int32, _ payload: [UInt8]) {
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        let frame = [0x8A, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        _ = frame.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

extension [UInt8] {
    /// Whether `needle` occurs in these bytes (memchr for its first byte, then memcmp).
    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, count >= needle.count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { marker in
                let base = haystack.baseAddress!
                var from = 0
                let last = haystack.count - marker.count
                while from <= last, let hit = memchr(base + from, Int32(first), last - from + 1) {
                    if memcmp(hit, marker.baseAddress!, marker.count) == 0 { return true }
                    from = base.distance(to: hit) + 1
                }
                return false
            }
        }
    }
}
