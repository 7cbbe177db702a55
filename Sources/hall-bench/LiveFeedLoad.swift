import Foundation
import HallBenchKit
import HummingbirdWSClient
import Logging
import NIOCore

/// Many screens on the live feed of a `hall serve` process, in this process: the time from a clerk's
/// call (the request sent) to each screen receiving the call's frame.
struct LiveFeedLoad {
    let port: Int
    let screens: Int

    /// Connects the screens and keeps them connected while `body` runs; `body` gets the milliseconds
    /// from each of `events` calls to each screen's frame.
    func connect<T>(_ body: (Connected) async throws -> T) async throws -> T {
        let (receipts, sink) = AsyncStream.makeStream(of: Receipt.self)
        var logger = Logger(label: "bench.ws")
        logger.logLevel = .critical
        let url = "ws://127.0.0.1:\(port)/api/v1/live"
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<screens {
                group.addTask { [logger] in
                    do {
                        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 26), logger: logger) {
                            inbound, _, _ in
                            // A screen of this benchmark reads the frames' bytes: what is timed is
                            // the hall, not this process decoding 300 copies of each message.
                            var message = ByteBuffer()
                            for try await frame in inbound {
                                var data = frame.data
                                message.writeBuffer(&data)
                                guard frame.fin else { continue }
                                defer { message.clear() }
                                let at = ContinuousClock.now
                                if let kind = Receipt.Kind(frame: message) { sink.yield(kind == .snapshot ? .ready : .entry(kind, at)) }
                            }
                        }
                    } catch {
                        sink.yield(.failed)
                        throw error
                    }
                }
            }
            var iterator = receipts.makeAsyncIterator()
            var ready = 0
            while ready < screens, let receipt = await iterator.next() {
                switch receipt {
                case .ready: ready += 1
                case .failed: throw BenchError("a screen could not connect")
                case .entry: break
                }
            }
            let connected = Connected(port: port, screens: screens, iterator: Box(iterator))
            let result = try await body(connected)
            group.cancelAll()
            return result
        }
    }

    enum Receipt: Sendable {
        case ready
        case entry(Kind, ContinuousClock.Instant)
        case failed

        /// The messages the calls wait for.
        enum Kind: CaseIterable, Sendable {
            case snapshot, issued, called, finished

            var marker: [UInt8] {
                switch self {
                case .snapshot: Array(#""kind":"snapshot""#.utf8)
                case .issued: Array(#""type":"ticketIssued""#.utf8)
                case .called: Array(#""type":"visitCalled""#.utf8)
                case .finished: Array(#""type":"visitFinished""#.utf8)
                }
            }

            /// Whether `needle` occurs in `haystack` (memchr and memcmp: the generic `firstRange`
            /// reads a raw buffer a byte at a time through its protocols, slower than the hall).
            static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Bool {
                guard let base = haystack.baseAddress, let first = needle.first, haystack.count >= needle.count else { return false }
                return needle.withUnsafeBytes { marker in
                    var from = 0
                    let last = haystack.count - needle.count
                    while from <= last, let hit = memchr(base + from, Int32(first), last - from + 1) {
                        if memcmp(hit, marker.baseAddress!, needle.count) == 0 { return true }
                        from = base.distance(to: hit) + 1
                    }
                    return false
                }
            }

            init?(frame: ByteBuffer) {
                let found = frame.withUnsafeReadableBytes { bytes in
                    Kind.allCases.first { Self.find($0.marker, in: bytes) }
                }
                guard let found else { return nil }
                self = found
            }
        }
    }

    final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    struct Connected {
        let port: Int
        let screens: Int
        let iterator: Box<AsyncStream<Receipt>.Iterator>

        /// `events` calls at `window`, each after a ticket for it; milliseconds from call to frame.
        /// Each call is sent when the ticket's frame has reached every screen, so what is timed is
        /// the call alone, as a hall's screens see a call between tickets.
        func calls(_ events: Int, cookie: String, window: Int, service: String) async throws -> [Double] {
            try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
                var samples: [Double] = []
                for _ in 0..<events {
                    let ticket = try await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"\#(service)"}"#)
                    guard ticket.status == 201 else { throw BenchError("ticket: \(ticket.status) \(ticket.body)") }
                    _ = await receipts(of: .issued)
                    let start = ContinuousClock.now
                    let (status, body) = try await http.send(
                        method: "POST", path: "/api/v1/windows/\(window)/call-next", headers: ["Cookie: \(cookie)"])
                    guard status == 200 else { throw BenchError("call-next: \(status) \(body)") }
                    samples += await receipts(of: .called).map { ($0 - start).milliseconds }
                    _ = try await http.send(method: "POST", path: "/api/v1/windows/\(window)/finish", headers: ["Cookie: \(cookie)"])
                    _ = await receipts(of: .finished)
                }
                return samples
            }
        }

        /// Waits until every screen got a message of `kind`; answers when each did.
        private func receipts(of kind: Receipt.Kind) async -> [ContinuousClock.Instant] {
            var times: [ContinuousClock.Instant] = []
            while times.count < screens, let receipt = await iterator.value.next() {
                if case .entry(kind, let at) = receipt { times.append(at) }
            }
            return times
        }
    }
}
