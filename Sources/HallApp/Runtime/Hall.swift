import Foundation
import HallCore
import HallStore
import Logging
import Synchronization

/// The hall runtime: the state machine, the durable journal and the event bus, in one actor.
///
/// Every command follows one flow: the core decides the events; the state applies them one by one,
/// and after each the actor redraws the screens' picture (``LivePicture``) and encodes the views the
/// event changed, once per audience; the events are appended to the journal (with the projections)
/// in one SQLite transaction; only after the commit does ``execute(_:)`` return, and only then are
/// the events published with their views. Commands arriving while a transaction is being written
/// are gathered and committed together in the next one (group commit): nothing is acknowledged
/// before it is durable, and the disk's fsync rate does not cap the hall's rate.
///
/// When a journal write fails (a full disk, an I/O error), every command of the failed batch and
/// of the batches after it answers 503 (``APIError/journalWriteFailed``): none of it happened. The
/// state is rebuilt from the journal (or, when the journal cannot even be read, put back to the last
/// commit), screens are told to reload once, and the hall takes no command (``outage``, 503
/// ``APIError/journalUnavailable``, `/healthz` degraded) until ``recover()`` — called by the ticker
/// with back-off — has rebuilt the state and proven the store writable.
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
    /// Set while ``executeQueued(_:)`` decides: its entries are committed at ``settle()``.
    private var deferringCommits = false
    /// What the hall goes back to when a write fails and the journal cannot be read either: the
    /// state as of the last commit, kept as a replay (``Durable``).
    private var durable: Durable
    /// Set while the journal cannot be written: every command answers 503 until ``recover()`` succeeds.
    public private(set) var outage: JournalOutage?
    /// Commands acknowledged, for `/metrics`.
    public private(set) var commandsAcknowledged = 0
    public private(set) var commits = 0
    /// The configuration, for readers that must not queue behind commands (``configurationNow``).
    private let configurationCell: Mutex<HallConfiguration>

    /// The configuration in force, read without waiting for the actor: the printing service reads it
    /// for every ticket while kiosks keep the actor busy.
    public nonisolated var configurationNow: HallConfiguration { configurationCell.withLock { $0 } }

    /// Opens the hall on `database`: loads the configuration and replays the current day's journal.
    public init(database: HallDatabase, clock: any HallClock, logger: Logger = Logger(label: "hall")) throws {
        self.database = database
        self.clock = clock
        self.logger = logger
        let (state, nextSeq) = try Hall.rebuild(from: database)
        self.state = state
        self.nextSeq = nextSeq
        self.configurationCell = Mutex(state.configuration)
        self.bus = EventBus(head: nextSeq - 1)
        self.picture = LivePicture(state, at: clock.now())
        self.durable = Durable(state: state, nextSeq: nextSeq)
    }

    /// The configuration plus the presence projection, with the current day's journal replayed.
    static func rebuild(from database: HallDatabase) throws -> (HallState, Int64) {
        guard let configuration = try database.loadConfiguration() else {
            throw HallError(.conflict, "not_configured", zh: "尚未配置办事大厅", en: "The hall has no configuration yet")
        }
        let today = try database.currentDayEntries()
        // The records the books keep after today's start (``HallState/apply(_:at:)`` of `dayStarted`):
        // those still open, and those finished lately. The projections keep all of them.
        let closedSince = today.first.map { CaseBook.forgettingCutoff(dayStartedAt: $0.at) } ?? .distantPast
        let firstKeptDay: LocalDate? =
            if case .dayStarted(let day)? = today.first?.event { AppointmentBook.firstKeptDay(dayStarted: day) } else { nil }
        var state = HallState(
            configuration: configuration, presence: try database.presence(), devices: try database.deviceStates(),
            cases: CaseBook(cases: try database.cases(closedSince: closedSince)))
        // appointments (预约): their own table, across days
        state.restoreAppointments(try database.appointments(keptFrom: firstKeptDay))
        state.restoreHomeServices(try database.homeServices())  // guide desk (上门服务): their own table
        for entry in today { state.apply(entry.event, at: entry.at) }
        // MARK: accountability: follow-ups and complaints outlive the day; their projections hold them all.
        let followUps = try database.followUpBook(closedSince: closedSince)
        state.restoreRecords(followUps: followUps, complaints: try database.complaintBook(closedSince: closedSince))
        return (state, try database.lastSeq() + 1)
    }

    public var now: Date { clock.now() }

    /// The sequence number of the latest event in the state.
    public var seq: Int64 { nextSeq - 1 }

    /// Runs `command` and returns its journal entries once they are durable.
    /// Throws a ``HallError`` when the hall refuses, or the store's error when the write failed.
    @discardableResult
    public func execute(_ command: HallCommand) async throws -> [JournalEntry] {
        let posts = try decideAndApply(command)
        // A command may journal nothing (nothing to release): it is answered after the writes before it.
        try await withCheckedThrowingContinuation {
            waiters.append($0)
            startFlush()
        }
        commandsAcknowledged += 1
        return posts.compactMap(\.entry)
    }

    /// For a generator that drives many commands in time order (``SimulatedDays``): runs `command`
    /// as ``execute(_:)`` does and queues its entries for the next commit, without waiting for it.
    /// The entries are not durable yet: ``settle()`` waits until everything queued is.
    @discardableResult
    public func executeQueued(_ command: HallCommand) throws -> [JournalEntry] {
        // Its entries wait for ``settle()``: a generated day is a few commits, not one per command.
        deferringCommits = true
        defer { deferringCommits = false }
        let posts = try decideAndApply(command)
        commandsAcknowledged += 1
        return posts.compactMap(\.entry)
    }

    /// Waits until every command queued so far is durable; throws when a write failed.
    public func settle() async throws {
        try await withCheckedThrowingContinuation {
            waiters.append($0)
            startFlush()
        }
        guard outage == nil else { throw APIError.journalUnavailable }
    }

    /// Decides `command` now, applies its events (after the time-driven ones) and queues them.
    private func decideAndApply(_ command: HallCommand) throws -> [FeedPost] {
        guard outage == nil else { throw APIError.journalUnavailable }
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
        return posts
    }

    /// Applies time-driven events (day rollover, expired ratings) and waits until they are durable.
    /// When the clock alone changed the hall's figures (it opened or closed), screens get them in a
    /// views message without an event.
    /// While the hall is stopped (``outage``), first tries to ``recover()``, and throws when it cannot.
    public func tick() async throws {
        if outage != nil { try await recover() }
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
        configurationCell.withLock { $0 = state.configuration }
        picture = LivePicture(state, at: clock.now())
        durable.reconfigure(configuration)
    }

    /// Ends an ``outage``: rebuilds the state from the journal and commits a probe row through the
    /// journal's writer; only when both succeed does the hall take commands again, and screens reload
    /// the rebuilt picture once. Throws ``APIError/journalUnavailable`` (and counts the attempt) when
    /// either fails. Does nothing when the hall is not stopped.
    public func recover() async throws {
        guard let outage else { return }
        do {
            let (rebuilt, next) = try Hall.rebuild(from: database)
            try await database.probeWrite(at: clock.now())
            // No command was taken while stopped: nothing changed since the rebuild.
            restore(rebuilt, nextSeq: next)
            self.outage = nil
            logger.notice(
                "journal writable again: the hall takes commands", metadata: ["seq": "\(seq)", "failedAttempts": "\(outage.attempts)"])
        } catch {
            self.outage?.attempts += 1
            logger.error(
                "journal still failing: the hall takes no commands", metadata: ["error": "\(error)", "attempts": "\(outage.attempts + 1)"])
            throw APIError.journalUnavailable
        }
    }

    /// Puts the state and sequence back to `state` and `nextSeq` (as of a commit), redraws the
    /// picture and tells screens to reload.
    private func restore(_ state: HallState, nextSeq: Int64) {
        durable = Durable(state: state, nextSeq: nextSeq)
        self.state = state
        self.nextSeq = nextSeq
        picture = LivePicture(state, at: clock.now())
        bus.reset(seq: nextSeq - 1)
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

    /// After a failed write: the state goes back to what the journal holds (rebuilt from it, or the
    /// last commit when it cannot be read), screens reload once, and the hall stops taking commands
    /// until the store proves writable (at once, or later through ``recover()``).
    private func stop(after error: any Error) async {
        logger.error("journal write failed: rebuilding the state from the journal", metadata: ["error": "\(error)"])
        outage = JournalOutage(since: clock.now(), error: HallDatabase.describe(error), attempts: 0)
        do {
            let (rebuilt, next) = try Hall.rebuild(from: database)
            restore(rebuilt, nextSeq: next)
        } catch {
            logger.critical("the journal cannot be read: back to the last commit", metadata: ["error": "\(error)"])
            do {
                let (committed, next) = try durable.replayed()
                restore(committed, nextSeq: next)
            } catch {
                logger.critical("the last commit cannot be replayed: the state stays as it is", metadata: ["error": "\(error)"])
            }
            return
        }
        // Commands arriving meanwhile are refused: the outage is set until the probe commits.
        do {
            try await database.probeWrite(at: clock.now())
            outage = nil
        } catch {
            logger.critical("the journal cannot be written: the hall takes no commands", metadata: ["error": "\(error)"])
        }
    }

    private func post(_ change: PictureChange, seq: Int64, at now: Date, entry: JournalEntry?) -> FeedPost {
        // Encoded off the actor, when a screen first sends it.
        func text(_ audience: FeedAudience) -> FeedText {
            let message = ViewsMessage(
                seq: seq, at: now, event: entry.map { FeedEvent(event: $0.event, audience: audience) },
                change: change.visible(to: audience))
            return FeedText { LiveJSON.text(message) }
        }
        return FeedPost(seq: seq, entry: entry, staff: text(.staff), public: text(.public))
    }

    private func enqueue(_ posts: [FeedPost]) {
        pending.append(contentsOf: posts)
        if !deferringCommits { startFlush() }
    }

    /// Starts writing what is pending unless a write is under way (it goes on with what is pending).
    private func startFlush() {
        guard !flushing, !pending.isEmpty || !waiters.isEmpty else { return }
        flushing = true
        Task { await self.flush() }
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
                    let bodies = try await database.append(entries)
                    commits += 1
                    do {
                        try durable.committed(entries, bodies: bodies)
                    } catch {
                        // Only a day's fold replays, and these bodies were just encoded from events:
                        // a failure here is a bug, and the steps stay unfolded (still replayable).
                        logger.error("the day's commits could not be folded for the fallback", metadata: ["error": "\(error)"])
                    }
                }
                // A new day: yesterday's visits, views and messages are freed; hand the memory back
                // to the system, so a hall that runs for months does not keep its busiest day's.
                if entries.contains(where: \.event.startsDay) { ProcessMemory.trim() }
                bus.publish(batch)
                for waiter in batchWaiters { waiter.resume() }
            } catch {
                // Commands applied after this batch depended on it: they fail too, and nothing of
                // any of them stays in the state, the picture or the feed.
                let failed = batchWaiters + waiters
                pending = []
                waiters = []
                await stop(after: error)
                for waiter in failed { waiter.resume(throwing: APIError.journalWriteFailed) }
            }
        }
        flushing = false
    }
}

/// The hall as of the last commit, kept as a state and the journal bodies committed after it rather
/// than as a second state kept up by applying each committed entry: that copy held every visit of
/// the day a second time (a dictionary of some 250 bytes a visit, at most three-quarters full) and
/// applied every event twice. The bodies take about 150 bytes an event, in one buffer; the replay
/// runs only when it is needed (a failed write, with a journal that cannot be read to rebuild the
/// state) and gives what the copy did: the same events applied in the same order at the same
/// instants, and a new configuration where it came.
private struct Durable: Sendable {
    private enum Step: Sendable {
        /// An entry whose body ends at `end` in ``bodies``.
        case entry(seq: Int64, at: Date, end: Int)
        /// Boxed: a configuration inline would make every step as large as it is.
        indirect case reconfigure(HallConfiguration)
    }

    /// The state the steps start from: the hall's at its start or its latest rebuild, or the state
    /// replayed when a day started (so the steps hold at most a day and its start).
    private var base: HallState
    private var baseNextSeq: Int64
    private var steps: [Step] = []
    private var bodies: [UInt8] = []

    init(state: HallState, nextSeq: Int64) {
        base = state
        baseNextSeq = nextSeq
    }

    /// Records entries as committed, with their journal bodies. A new day's start folds the steps
    /// into the base: yesterday's visits leave the replay's base as they left the state.
    mutating func committed(_ entries: [JournalEntry], bodies: [String]) throws {
        for (entry, body) in zip(entries, bodies) {
            self.bodies.append(contentsOf: body.utf8)
            steps.append(.entry(seq: entry.seq, at: entry.at, end: self.bodies.endIndex))
        }
        if entries.contains(where: \.event.startsDay) {
            (base, baseNextSeq) = try replayed()  // throws before changing anything
            steps = []
            self.bodies = []
        }
    }

    /// Records the configuration replaced at this point, between commits.
    mutating func reconfigure(_ configuration: HallConfiguration) {
        steps.append(.reconfigure(configuration))
    }

    /// The state and the next sequence number as of the last commit.
    func replayed() throws -> (HallState, Int64) {
        var state = base
        var nextSeq = baseNextSeq
        var start = 0
        for step in steps {
            switch step {
            case .entry(let seq, let at, let end):
                state.apply(try HallDatabase.journalEvent(body: bodies[start..<end]), at: at)
                nextSeq = seq + 1
                start = end
            case .reconfigure(let configuration):
                state.reconfigure(configuration)
            }
        }
        return (state, nextSeq)
    }
}
