import Foundation
import HallBenchKit
import HummingbirdWSClient
import Logging

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
                            for try await message in inbound.messages(maxSize: 64 << 20) {
                                guard case .text(let text) = message else { continue }
                                if text.contains(#""kind":"snapshot""#) {
                                    sink.yield(.ready)
                                } else if text.contains(#""type":"visitCalled""#) {
                                    sink.yield(.called(ContinuousClock.now))
                                }
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
                case .called: break
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
        case called(ContinuousClock.Instant)
        case failed
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
        func calls(_ events: Int, cookie: String, window: Int, service: String) async throws -> [Double] {
            try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
                var samples: [Double] = []
                for _ in 0..<events {
                    let ticket = try await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"\#(service)"}"#)
                    guard ticket.status == 201 else { throw BenchError("ticket: \(ticket.status) \(ticket.body)") }
                    let start = ContinuousClock.now
                    let (status, body) = try await http.send(
                        method: "POST", path: "/api/v1/windows/\(window)/call-next", headers: ["Cookie: \(cookie)"])
                    guard status == 200 else { throw BenchError("call-next: \(status) \(body)") }
                    var got = 0
                    while got < screens, let receipt = await iterator.value.next() {
                        if case .called(let at) = receipt {
                            samples.append((at - start).milliseconds)
                            got += 1
                        }
                    }
                    _ = try await http.send(method: "POST", path: "/api/v1/windows/\(window)/finish", headers: ["Cookie: \(cookie)"])
                }
                return samples
            }
        }
    }
}
