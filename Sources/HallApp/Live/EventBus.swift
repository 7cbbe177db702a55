import Foundation
import HallCore
import Synchronization

/// One message of the live feed, encoded once for every subscriber.
public struct FeedMessage: Sendable {
    public var seq: Int64
    /// The JSON text sent to screens.
    public var json: String
    /// The entry, for in-process subscribers (device wiring); nil for a reset.
    public var entry: JournalEntry?
}

/// Publishes committed journal entries to every subscriber, in order.
///
/// A subscriber that falls more than its buffer behind is cut off rather than silently skipped:
/// a screen then reconnects with the last sequence number it saw and catches up from the journal.
public final class EventBus: Sendable {
    private struct Subscribers {
        var nextID = 0
        var continuations: [Int: AsyncStream<FeedMessage>.Continuation] = [:]
    }

    private let subscribers = Mutex(Subscribers())
    private let buffer: Int

    public init(buffer: Int = 4_096) { self.buffer = buffer }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    /// A stream of every entry committed from now on.
    public func subscribe() -> AsyncStream<FeedMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedMessage.self, bufferingPolicy: .bufferingOldest(buffer))
        let id = subscribers.withLock { s in
            s.nextID += 1
            s.continuations[s.nextID] = continuation
            return s.nextID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    public var subscriberCount: Int { subscribers.withLock { $0.continuations.count } }

    /// Encodes each entry once and hands it to every subscriber.
    func publish(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return }
        let messages = entries.map { FeedMessage(seq: $0.seq, json: EventBus.json(for: $0), entry: $0) }
        deliver(messages)
    }

    /// Sends a message that is not an event of the journal (a scan's progress) to every subscriber.
    /// It carries the latest `seq` so screens keep their cursor; in-process subscribers see no entry.
    func publishTransient(_ json: String, seq: Int64) {
        deliver([FeedMessage(seq: seq, json: json, entry: nil)])
    }

    /// Tells every subscriber the state went back to `seq` (a failed write): screens reload the snapshot.
    func reset(seq: Int64) {
        deliver([FeedMessage(seq: seq, json: #"{"kind":"reset","seq":\#(seq)}"#, entry: nil)])
    }

    private func deliver(_ messages: [FeedMessage]) {
        let targets = subscribers.withLock { Array($0.continuations.values) }
        for continuation in targets {
            for message in messages {
                if case .dropped = continuation.yield(message) {
                    continuation.finish()
                    break
                }
            }
        }
    }

    /// `{"kind":"event","seq":12,"at":"…","type":"visitCalled",…}`.
    public static func json(for entry: JournalEntry) -> String {
        let body = (try? encoder.encode(entry.event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let at = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(entry.at)
        return #"{"kind":"event","seq":\#(entry.seq),"at":"\#(at)","event":\#(body)}"#
    }
}
