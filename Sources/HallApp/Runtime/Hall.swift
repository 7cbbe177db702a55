import Foundation
import HallCore
import HallStore
import Logging

/// The hall runtime: the state machine, the durable journal and the event bus, in one actor.
///
/// Every command follows one flow: the core decides the events; the state applies them one by one,
/// and after each the actor redraws the screens' picture (``LivePicture``) and encodes the views the
/// event changed, once per audience; the events are appended to the journal (with the projections)
/// in one SQLite transaction; only after the commit does ``execute(_:)`` return, and only then are
/// the events published with their views. Commands arriving while a transaction is being written
/// are gathered and committed together in the next one (group commit): nothing is acknowledged
/// before it is durable, and the disk's fsync rate does not cap the hall's rate.
public actor Hall {
    public let database: HallDatabase
    public let bus: EventBus
    let clock: any HallClock
    let logger: Logger
    /// The live state, including events being committed.
    public private(set) var state: HallState
    private var nextSeq: Int64
    /// The picture screens hold once everything pending is published.
    private var picture: LivePicture
    /// Entries to write and messages to publish after them, in the order the state changed.
    private var pending: [FeedPost] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var flushing = false
    /// Commands acknowledged, for `/metrics`.
    public private(set) var commandsAcknowledged = 0
    public private(set) var commits = 0

    /// Opens the hall on `database`: loads the configuration and replays the current day's journal.
    public init(database: HallDatabase, clock: any HallClock, logger: Logger = Logger(label: "hall")) throws {
        self.database = database
        self.clock = clock
        self.logger = logger
        let (state, nextSeq) = try Hall.rebuild(from: database)
        self.state = state
        self.nextSeq = nextSeq
        self.bus = EventBus(head: nextSeq - 1)
        self.picture = LivePicture(state, at: clock.now())
    }

    /// The configuration plus the presence projection, with the current day's journal replayed.
    static func rebuild(from database: HallDatabase) throws -> (HallState, Int64) {
        guard let configuration = try database.loadConfiguration() else {
            throw HallError(.conflict, "not_configured", zh: "尚未配置办事大厅", en: "The hall has no configuration yet")
        }
        var state = HallState(configuration: configuration, presence: try database.presence(), devices: try database.deviceStates())
        for entry in try database.currentDayEntries() { state.apply(entry.event, at: entry.at) }
        return (state, try database.lastSeq() + 1)
    }

    public var now: Date { clock.now() }

    /// The sequence number of the latest event in the state.
    public var seq: Int64 { nextSeq - 1 }

    /// Runs `command` and returns its journal entries once they are durable.
    /// Throws a ``HallError`` when the hall refuses, or the store's error when the write failed.
    @discardableResult
    public func execute(_ command: HallCommand) async throws -> [JournalEntry] {
        let now = clock.now()
        let timed = apply(state.advanceEvents(to: now), at: now)
        let events: [HallEvent]
        do {
            events = try state.decide(command, at: now)
        } catch {
            if !timed.isEmpty { enqueue(timed) }
            throw error
        }
        let posts = timed + apply(events, at: now)
        enqueue(posts)
        try await withCheckedThrowingContinuation { waiters.append($0) }
        commandsAcknowledged += 1
        return posts.compactMap(\.entry)
    }

    /// Applies time-driven events (day rollover, expired ratings) and waits until they are durable.
    /// When the clock alone changed the hall's figures (it opened or closed), screens get them in a
    /// views message without an event.
    public func tick() async throws {
        let now = clock.now()
        let posts = apply(state.advanceEvents(to: now), at: now)
        guard !posts.isEmpty else {
            let change = picture.update(from: state, after: nil, at: now)
            if change.hall != nil { enqueue([post(change, seq: seq, at: now, entry: nil)]) }
            return
        }
        enqueue(posts)
        try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    /// Replaces the configuration (already saved in the database) in the live state. The picture
    /// is redrawn whole: screens must reload it (the caller resets the feed).
    public func reconfigure(_ configuration: HallConfiguration) {
        state.reconfigure(configuration)
        picture = LivePicture(state, at: clock.now())
    }

    /// The hall-level figures now, as a views message without an event: what a screen that caught
    /// up from the feed's memory hears last, since the clock may have moved while it was away.
    func headerMessage(seq: Int64) -> String {
        let now = clock.now()
        return LiveJSON.text(ViewsMessage(seq: seq, at: now, event: nil, change: PictureChange(hall: state.header(at: now))))
    }

    /// Applies `events` one by one, each as a journal entry with the views it changed.
    private func apply(_ events: [HallEvent], at now: Date) -> [FeedPost] {
        events.map { event in
            let entry = JournalEntry(seq: nextSeq, at: now, event: event)
            nextSeq += 1
            state.apply(event, at: now)
            return post(picture.update(from: state, after: event, at: now), seq: entry.seq, at: now, entry: entry)
        }
    }

    private func post(_ change: PictureChange, seq: Int64, at now: Date, entry: JournalEntry?) -> FeedPost {
        func text(_ audience: FeedAudience) -> String {
            LiveJSON.text(
                ViewsMessage(
                    seq: seq, at: now, event: entry.map { FeedEvent(event: $0.event, audience: audience) },
                    change: change.visible(to: audience)))
        }
        return FeedPost(seq: seq, entry: entry, staff: text(.staff), public: text(.public))
    }

    private func enqueue(_ posts: [FeedPost]) {
        pending.append(contentsOf: posts)
        if !flushing {
            flushing = true
            Task { await self.flush() }
        }
    }

    /// Writes what is pending, batch after batch, until nothing is left.
    private func flush() async {
        while !pending.isEmpty || !waiters.isEmpty {
            let batch = pending
            let batchWaiters = waiters
            pending = []
            waiters = []
            do {
                let entries = batch.compactMap(\.entry)
                if !entries.isEmpty {
                    try await database.append(entries)
                    commits += 1
                }
                bus.publish(batch)
                for waiter in batchWaiters { waiter.resume() }
            } catch {
                logger.error("journal write failed; rebuilding the state from the journal", metadata: ["error": "\(error)"])
                // Commands applied after this batch depended on it: they fail too, and the state
                // returns to what is durable.
                let failed = batchWaiters + waiters
                pending = []
                waiters = []
                if let rebuilt = try? Hall.rebuild(from: database) { (state, nextSeq) = rebuilt }
                picture = LivePicture(state, at: clock.now())
                bus.reset(seq: nextSeq - 1)
                for waiter in failed { waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
