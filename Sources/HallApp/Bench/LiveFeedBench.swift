import Foundation
import HallCore
import HummingbirdWSClient
import Logging
import NIOCore

/// Connects many WebSocket screens to the live feed and measures, for each event, the time from
/// the command being sent to each screen receiving it.
struct LiveFeedBench {
    let port: Int
    let clients: Int
    let events: Int

    /// Milliseconds from command to receipt, one sample per client per event.
    func run(hall: Hall, windows: [Int], services: [String]) async throws -> [Double] {
        let (receipts, sink) = AsyncStream.makeStream(of: (seq: Int64, at: ContinuousClock.Instant).self)
        let logger = {
            var logger = Logger(label: "bench.ws")
            logger.logLevel = .critical
            return logger
        }()
        let url = "ws://127.0.0.1:\(port)/api/v1/live"
        return try await withThrowingTaskGroup(of: Void.self, returning: [Double].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    do {
                        try await LiveFeedBench.screen(url: url, logger: logger, sink: sink)
                    } catch {
                        sink.yield((-2, ContinuousClock.now))
                        throw error
                    }
                }
            }
            var iterator = receipts.makeAsyncIterator()
            var ready = 0
            while ready < clients, let receipt = await iterator.next() {
                if receipt.seq == -2 { throw BenchError.screenFailed }
                if receipt.seq == -1 { ready += 1 }
            }

            var samples: [Double] = []
            samples.reserveCapacity(clients * events)
            for i in 0..<events {
                let start = ContinuousClock.now
                let entries = try await hall.execute(.issueTicket(serviceID: services[i % services.count], priority: .normal, secret: "L"))
                guard let target = entries.last?.seq else { continue }
                var got = 0
                while got < clients, let receipt = await iterator.next() {
                    if receipt.seq == -2 { throw BenchError.screenFailed }
                    guard receipt.seq == target else { continue }
                    samples.append((receipt.at - start).seconds * 1000)
                    got += 1
                }
            }
            group.cancelAll()
            return samples
        }
    }

    /// One screen: reports its snapshot as -1 and every event's seq with the time it arrived.
    static func screen(
        url: String, logger: Logger, sink: AsyncStream<(seq: Int64, at: ContinuousClock.Instant)>.Continuation
    ) async throws {
        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 16 << 20) {
                guard case .text(let text) = message else { continue }
                let now = ContinuousClock.now
                if text.hasPrefix(#"{"hall""#) || text.contains(#""kind":"snapshot""#) {
                    sink.yield((-1, now))
                } else if let seq = LiveFeedBench.seq(in: text) {
                    sink.yield((seq, now))
                }
            }
        }
    }

    enum BenchError: Error { case screenFailed }

    static func seq(in text: String) -> Int64? {
        guard let range = text.range(of: #""seq":"#) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }
}
