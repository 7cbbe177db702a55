import Foundation
import HallCore
import Synchronization

/// One message of the live feed as a subscriber receives it.
public struct FeedMessage: Sendable {
    public var seq: Int64
    let text: FeedText
    /// The journal entry, for in-process subscribers (device wiring); nil for a message that is no
    /// journal event (views the clock changed, a reset, scan progress).
    public var entry: JournalEntry?

    /// The JSON text sent to screens of the subscriber's audience.
    public var json: String { text.value }
}

/// A message's JSON text, encoded when a screen first needs it (by the screen's own writer task,
/// not by the hall while it decides commands), then shared by every screen of the audience. In-
/// process subscribers (printing, buttons) read the entry and never make it encode.
final class FeedText: Sendable {
    private enum Content {
        case encoded(String)
        case pending(@Sendable () -> String)
    }
    private let content: Mutex<Content>

    init(_ text: String) { content = Mutex(.encoded(text)) }
    init(encode: @escaping @Sendable () -> String) { content = Mutex(.pending(encode)) }

    var value: String {
        content.withLock { content in
            switch content {
            case .encoded(let text): return text
            case .pending(let encode):
                let text = encode()
                content = .encoded(text)
                return text
            }
        }
    }
}

/// One message as published: encoded once per audience, not once per subscriber.
struct FeedPost: Sendable {
    var seq: Int64
    var entry: JournalEntry?
    var staff: FeedText
    /// Nil: for staff only (scan progress).
    var `public`: FeedText?

    init(seq: Int64, entry: JournalEntry?, staff: FeedText, public: FeedText?) {
        self.seq = seq
        self.entry = entry
        self.staff = staff
        self.public = `public`
    }

    init(seq: Int64, entry: JournalEntry?, staff: String, public: String?) {
        self.init(seq: seq, entry: entry, staff: FeedText(staff), public: `public`.map(FeedText.init))
    }

    func message(for audience: FeedAudience) -> FeedMessage? {
        switch audience {
        case .staff: FeedMessage(seq: seq, text: staff, entry: entry)
        case .public: self.public.map { FeedMessage(seq: seq, text: $0, entry: entry) }
        }
    }
}

/// Publishes the committed journal entries, each with the views it changed, to every subscriber in
/// order, each subscriber in the text of its audience.
///
/// The bus remembers the latest entries' messages, so a screen that reconnects with the last `seq`
/// it saw gets exactly what it missed. A screen that falls more than its buffer behind is cut off
/// rather than silently skipped: it then reconnects with `since`.
///
/// In-process subscribers (printing, buttons: ``subscribeInProcess(_:)``) are never cut off and hear
/// only journal entries, so no flood of scan progress can end them; one whose stream ends anyway
/// (its task died) is named in ``stoppedSubscribers`` for `/healthz`.
public final class EventBus: Sendable {
    private struct Subscriber {
        var audience: FeedAudience
        var continuation: AsyncStream<FeedMessage>.Continuation
        /// The name of an in-process subscriber; nil for a screen.
        var name: String?
    }

    private struct State {
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
        /// In-process subscribers whose stream ended, by name.
        var stopped: Set<String> = []
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
    /// How many screens may follow the feed, and how long a write to one may take.
    public let connections: LiveConnections

    /// A bus whose journal ends at `head`.
    public init(head: Int64, buffer: Int = 4_096, replayLimit: Int = 512, connections: LiveConnections = LiveConnections()) {
        state = Mutex(State(from: head, head: head))
        self.buffer = buffer
        self.replayLimit = replayLimit
        self.connections = connections
    }

    /// A stream of every journal entry committed from now on, for a subscriber inside the process
    /// named `name` (`printing`, `buttons`). Its buffer has no bound, so it is never cut off however
    /// far behind it falls (a day's entries at most); it receives no message that is not a journal
    /// entry (scan progress, resets, the clock's figures). When the stream ends before the process
    /// does — the task reading it died or was cancelled — `name` shows in ``stoppedSubscribers``
    /// until a subscriber of that name subscribes again.
    public func subscribeInProcess(_ name: String) -> AsyncStream<FeedMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedMessage.self, bufferingPolicy: .unbounded)
        let id = state.withLock { s in
            s.nextID += 1
            s.subscribers[s.nextID] = Subscriber(audience: .staff, continuation: continuation, name: name)
            s.stopped.remove(name)
            return s.nextID
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { s in
                s.subscribers.removeValue(forKey: id)
                // Another subscriber of that name may have taken over meanwhile.
                if !s.subscribers.values.contains(where: { $0.name == name }) { s.stopped.insert(name) }
            }
        }
        return stream
    }

    /// In-process subscribers whose stream ended (their task died), by name, sorted.
    public var stoppedSubscribers: [String] { state.withLock { $0.stopped.sorted() } }

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
            s.subscribers[s.nextID] = Subscriber(audience: audience, continuation: continuation)
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

    /// Sends a message that is not an event of the journal to every screen, public ones included
    /// (a ticket's late print report), carrying the latest `seq`; in-process subscribers see no entry.
    func publishNotice(_ json: String) {
        let (targets, seq) = state.withLock { (Array($0.subscribers.values), $0.head) }
        deliver([FeedPost(seq: seq, entry: nil, staff: json, public: json)], to: targets)
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

    private func deliver(_ posts: [FeedPost], to targets: [Subscriber]) {
        for target in targets {
            for post in posts {
                // In-process subscribers act on journal entries only.
                if target.name != nil && post.entry == nil { continue }
                guard let message = post.message(for: target.audience) else { continue }
                if case .dropped = target.continuation.yield(message) {
                    target.continuation.finish()
                    break
                }
            }
        }
    }
}
