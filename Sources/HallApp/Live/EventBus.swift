import Foundation
import HallCore
import Synchronization

/// One message of the live feed as a subscriber receives it.
public struct FeedMessage: Sendable {
    public var seq: Int64
    /// The JSON text sent to screens of the subscriber's audience.
    public var json: String
    /// The journal entry, for in-process subscribers (device wiring); nil for a message that is no
    /// journal event (views the clock changed, a reset, scan progress).
    public var entry: JournalEntry?
}

/// One message as published: encoded once per audience, not once per subscriber.
struct FeedPost: Sendable {
    var seq: Int64
    var entry: JournalEntry?
    var staff: String
    /// Nil: for staff only (scan progress).
    var `public`: String?

    func message(for audience: FeedAudience) -> FeedMessage? {
        switch audience {
        case .staff: FeedMessage(seq: seq, json: staff, entry: entry)
        case .public: self.public.map { FeedMessage(seq: seq, json: $0, entry: entry) }
        }
    }
}

/// Publishes the committed journal entries, each with the views it changed, to every subscriber in
/// order, each subscriber in the text of its audience.
///
/// The bus remembers the latest entries' messages, so a screen that reconnects with the last `seq`
/// it saw gets exactly what it missed. A subscriber that falls more than its buffer behind is cut
/// off rather than silently skipped: a screen then reconnects with `since`.
public final class EventBus: Sendable {
    private struct State {
        var nextID = 0
        var subscribers: [Int: (audience: FeedAudience, continuation: AsyncStream<FeedMessage>.Continuation)] = [:]
        /// Every published entry's message after `from`, oldest first.
        var recent: [FeedPost] = []
        var from: Int64
        /// The latest published entry.
        var head: Int64
    }

    private let state: Mutex<State>
    private let buffer: Int
    private let replayLimit: Int

    /// A bus whose journal ends at `head`.
    public init(head: Int64, buffer: Int = 4_096, replayLimit: Int = 2_048) {
        state = Mutex(State(from: head, head: head))
        self.buffer = buffer
        self.replayLimit = replayLimit
    }

    /// A stream of every message published from now on, in `audience`'s text. In-process
    /// subscribers (printing, buttons) read `entry`.
    public func subscribe(_ audience: FeedAudience = .staff) -> AsyncStream<FeedMessage> {
        subscribe(audience, since: nil).stream
    }

    /// Subscribes, and in the same instant takes the remembered messages after `since`: nil when they
    /// are not all remembered (a restart, a reset, too far behind, or `since` above the head), and
    /// the screen needs a snapshot instead.
    func subscribe(_ audience: FeedAudience, since: Int64?) -> (missed: [FeedMessage]?, stream: AsyncStream<FeedMessage>) {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedMessage.self, bufferingPolicy: .bufferingOldest(buffer))
        let (id, missed) = state.withLock { s in
            s.nextID += 1
            s.subscribers[s.nextID] = (audience, continuation)
            guard let since, since >= s.from, since <= s.head else { return (s.nextID, nil as [FeedMessage]?) }
            return (s.nextID, s.recent.filter { $0.seq > since }.compactMap { $0.message(for: audience) })
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return (missed, stream)
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Hands each message to every subscriber and remembers the journal entries' messages.
    func publish(_ posts: [FeedPost]) {
        guard !posts.isEmpty else { return }
        let targets = state.withLock { s in
            for post in posts where post.entry != nil && post.seq > s.from {
                s.recent.append(post)
                s.head = max(s.head, post.seq)
            }
            if s.recent.count > 2 * replayLimit {
                s.from = s.recent[s.recent.count - replayLimit - 1].seq
                s.recent.removeFirst(s.recent.count - replayLimit)
            }
            return Array(s.subscribers.values)
        }
        deliver(posts, to: targets)
    }

    /// Sends a message that is not an event of the journal (a scan's progress) to staff subscribers
    /// only. It carries the latest `seq` so screens keep their cursor; in-process subscribers see no entry.
    func publishTransient(_ json: String, seq: Int64) {
        let targets = state.withLock { Array($0.subscribers.values) }
        deliver([FeedPost(seq: seq, entry: nil, staff: json, public: nil)], to: targets)
    }

    /// Tells every subscriber the picture went back or changed shape at `seq` (a failed write, a new
    /// configuration): screens reload the snapshot, and nothing before `seq` is replayed any more.
    func reset(seq: Int64) {
        let json = #"{"kind":"reset","seq":\#(seq)}"#
        let targets = state.withLock { s in
            s.recent = []
            s.from = seq
            s.head = seq
            return Array(s.subscribers.values)
        }
        deliver([FeedPost(seq: seq, entry: nil, staff: json, public: json)], to: targets)
    }

    private func deliver(
        _ posts: [FeedPost], to targets: [(audience: FeedAudience, continuation: AsyncStream<FeedMessage>.Continuation)]
    ) {
        for (audience, continuation) in targets {
            for post in posts {
                guard let message = post.message(for: audience) else { continue }
                if case .dropped = continuation.yield(message) {
                    continuation.finish()
                    break
                }
            }
        }
    }
}
