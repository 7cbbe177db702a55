import Foundation
import HallApp
import HallCore
import HallStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Ships the hall's journal and each configuration change to the county database, in order and
/// exactly once (``CountyIngest``), in batches, for as long as the hall runs.
///
/// It reads the journal from the hall's SQLite file on its own connections and never touches the
/// `Hall` actor: issuing and calling are as fast with the county down as up. When the county cannot
/// be reached it waits (doubling from `minimumBackoff` to `maximumBackoff`) and then resumes from
/// the county's own high-water mark; the backlog then drains at most `maximumRate` entries a second.
public struct CountyForwarder: ServiceLifecycle.Service {
    public struct Options: Sendable {
        /// Entries per transaction.
        public var batchSize = 500
        /// Entries per second at most while a backlog drains.
        public var maximumRate = 5_000
        /// How often the journal is looked at when nothing is waiting.
        public var idlePoll: Duration = .milliseconds(500)
        /// How often an idle hall tells the county it is alive.
        public var heartbeat: Duration = .seconds(30)
        public var minimumBackoff: Duration = .milliseconds(250)
        public var maximumBackoff: Duration = .seconds(30)
        /// A batch that takes longer than this counts as failed (a half-open connection).
        public var batchTimeout: Duration = .seconds(10)

        public init() {}
    }

    let database: HallDatabase
    let target: CountyTarget
    let ingest: CountyIngest
    let options: Options
    /// The hall's own clock (a demo hall's runs from its `--start-at`): each batch and heartbeat
    /// tells the county the hall's time, on which the county measures the hall's waits.
    let clock: any HallClock
    let logger: Logger

    public init(
        database: HallDatabase, target: CountyTarget, hallID: String, options: Options = Options(),
        clock: any HallClock = SystemHallClock(),
        logger: Logger
    ) {
        self.database = database
        self.target = target
        self.ingest = CountyIngest(hallID: hallID, logger: logger)
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        logger.notice("forwarding the journal to the county", metadata: ["county": "\(target.display)", "hall": "\(ingest.hallID)"])
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        var connection: PostgresConnection?
        var mark: Int64 = 0
        var sentProfile: CountyHallProfile?
        var partitions = Set<String>()
        var backoff = options.minimumBackoff
        var lastContact = ContinuousClock.now
        var connectionID = 0
        defer { if let connection { Task { try? await connection.close() } } }
        var references: CountyReferences?
        while !Task.isCancelled {
            do {
                if connection == nil {
                    connectionID += 1
                    let configuration = try target.connectionConfiguration()
                    let id = connectionID
                    let opened = try await withDeadline {
                        try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                    }
                    connection = opened
                    mark = try await withDeadline { try await ingest.highWater(on: opened) }
                    sentProfile = nil
                    logger.info("county reached", metadata: ["forwardedSeq": "\(mark)"])
                }
                guard let open = connection else { continue }
                let entries = try database.entries(after: mark, limit: options.batchSize)
                let profile = try database.loadConfiguration().map(CountyRedaction.profile)
                let changedProfile = profile != sentProfile ? profile : nil
                let heartbeatDue = ContinuousClock.now - lastContact >= options.heartbeat
                if !entries.isEmpty || changedProfile != nil || heartbeatDue {
                    let keys = try references ?? CountyReferences.hall(database)
                    references = keys
                    let records = entries.map { CountyRedaction.record($0, references: keys) }
                    let known = partitions
                    let hallClock = clock.now()
                    let (committed, made) = try await withDeadline {
                        var made = known
                        let committed = try await ingest.commit(
                            records, profile: changedProfile, hallClock: hallClock, on: open, knownPartitions: &made)
                        return (committed, made)
                    }
                    mark = committed
                    partitions = made
                    sentProfile = profile
                    lastContact = .now
                    try database.setCountyProgress(CountyProgress(hallID: ingest.hallID, forwardedSeq: mark, contactAt: Date(), error: nil))
                }
                backoff = options.minimumBackoff
                if entries.count == options.batchSize {
                    // A backlog: pace the batches so draining it never swamps the county or the hall's disk.
                    try await Task.sleep(for: .seconds(Double(entries.count) / Double(max(1, options.maximumRate))))
                } else {
                    try await Task.sleep(for: options.idlePoll)
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                let reason = CountyForwarder.describe(error)
                logger.warning("county forwarding failed; retrying", metadata: ["error": "\(reason)", "retryIn": "\(backoff)"])
                if let open = connection { try? await open.close() }
                connection = nil
                let known = (try? database.countyProgress())?.forwardedSeq ?? mark
                try? database.setCountyProgress(
                    CountyProgress(
                        hallID: ingest.hallID, forwardedSeq: known, contactAt: (try? database.countyProgress())?.contactAt, error: reason))
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, options.maximumBackoff)
            }
        }
    }

    /// Runs `work`, failing with a timeout when it takes longer than `batchTimeout`. The caller is
    /// answered at the deadline even when `work` ignores cancellation (a query on a connection whose
    /// peer vanished); the connection is then dropped by the caller and a new one is made.
    private func withDeadline<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let answer = AnswerOnce<T>()
        let timeout = options.batchTimeout
        return try await withCheckedThrowingContinuation { continuation in
            answer.wait(continuation)
            let worker = Task {
                do { answer.give(.success(try await work())) } catch { answer.give(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                worker.cancel()
                answer.give(.failure(CountyTimeout()))
            }
            answer.onAnswer { timer.cancel() }
        }
    }

    struct CountyTimeout: Error, CustomStringConvertible {
        var description: String { "the county did not answer in time" }
    }

    /// What went wrong, without a statement, its arguments or a password: PostgreSQL's message and
    /// code, or the connection error's kind.
    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                return "PostgreSQL: \(message) (\(psql.serverInfo?[.sqlState] ?? "?"))"
            }
            let underlying = psql.underlying.map { ": \(String(describing: $0).prefix(160))" } ?? ""
            return "PostgreSQL: \(psql.code)\(underlying)"
        }
        if let timeout = error as? CountyTimeout { return timeout.description }
        return String(describing: error).prefix(200).description
    }
}

/// A continuation answered exactly once, by whichever comes first: the work or the deadline.
final class AnswerOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var answered = false
        var after: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func onAnswer(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.answered { return true }
            state.after = action
            return false
        }
        if now { action() }
    }

    func give(_ result: Result<T, any Error>) {
        let (continuation, after) = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.answered else { return (nil, nil) }
            state.answered = true
            defer { state.continuation = nil }
            return (state.continuation, state.after)
        }
        continuation?.resume(with: result)
        after?()
    }
}
