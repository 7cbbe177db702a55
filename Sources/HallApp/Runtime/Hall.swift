import Foundation
import HallCore
import HallStore
import Logging

/// The hall runtime: the state machine, the durable journal and the event bus, in one actor.
///
/// Every command follows one flow: the core decides the events; they are appended to the journal
/// (with the projections) in one SQLite transaction; only after the commit does ``execute(_:)``
/// return, and only then are the events published. Commands arriving while a transaction is being
/// written are gathered and committed together in the next one (group commit): nothing is
/// acknowledged before it is durable, and the disk's fsync rate does not cap the hall's rate.
public actor Hall {
    public let database: HallDatabase
    public let bus: EventBus
    let clock: any HallClock
    let logger: Logger
    /// The live state, including events being committed.
    public private(set) var state: HallState
    private var nextSeq: Int64
    private var pending: [JournalEntry] = []
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
        self.bus = EventBus()
        (state, nextSeq) = try Hall.rebuild(from: database)
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
        let timed = stamp(state.advance(to: now), at: now)
        let events: [HallEvent]
        do {
            events = try state.handle(command, at: now)
        } catch {
            if !timed.isEmpty { enqueue(timed) }
            throw error
        }
        let entries = timed + stamp(events, at: now)
        enqueue(entries)
        try await withCheckedThrowingContinuation { waiters.append($0) }
        commandsAcknowledged += 1
        return entries
    }

    /// Applies time-driven events (day rollover, expired ratings) and waits until they are durable.
    public func tick() async throws {
        let now = clock.now()
        let entries = stamp(state.advance(to: now), at: now)
        guard !entries.isEmpty else { return }
        enqueue(entries)
        try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    /// Replaces the configuration (already saved in the database) in the live state.
    public func reconfigure(_ configuration: HallConfiguration) {
        state.reconfigure(configuration)
    }

    private func stamp(_ events: [HallEvent], at now: Date) -> [JournalEntry] {
        events.map { event in
            defer { nextSeq += 1 }
            return JournalEntry(seq: nextSeq, at: now, event: event)
        }
    }

    private func enqueue(_ entries: [JournalEntry]) {
        pending.append(contentsOf: entries)
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
                try await database.append(batch)
                commits += 1
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
                bus.reset(seq: nextSeq - 1)
                for waiter in failed { waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
