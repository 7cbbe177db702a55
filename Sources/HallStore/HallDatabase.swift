import Foundation
import GRDB
import HallCore
import Synchronization

/// The hall's one SQLite file: the event journal, its projections, configuration, accounts and
/// sessions. WAL with `synchronous = FULL`: a committed transaction survives a power cut.
///
/// ```swift
/// let db = try HallDatabase(path: "data/hall.sqlite")
/// try await db.append(entries)          // durable when this returns
/// ```
public final class HallDatabase: Sendable {
    let pool: DatabasePool
    /// The file's `quick_check` when it runs beside the hall's start (``IntegrityCheck/besideStart``).
    private let integrity: BackgroundCheck?
    /// Encodes journal bodies, secrets included.
    static let journalEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.userInfo[.includeSecrets] = true
        e.dateEncodingStrategy = .millisecondsSince1970
        return e
    }()
    static let journalDecoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()

    /// When the file's integrity is checked (`PRAGMA quick_check`, which reads the whole file: about
    /// a quarter of a second for a year's 164 MiB).
    public enum IntegrityCheck: Sendable {
        /// Before the database is used: every command-line tool and every test opens it this way.
        case beforeOpening
        /// On a thread of its own while the hall loads its state (the two cores of a hall PC do
        /// both at once): the caller must wait for ``integrityChecked()`` before its first write.
        /// A file whose schema needs migrating is still checked first, before it is written.
        case besideStart
    }

    /// Opens (creating if needed) the database at `path` and migrates it. The file is mode 0600.
    public init(path: String, check: IntegrityCheck = .beforeOpening) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(5)
        // The writer and three readers (GRDB's default is five): a hall PC has two cores, a month's
        // report reads on one reader while the statistics take the others, and every connection
        // keeps its page cache (up to 2 MiB) once it has been used.
        config.maximumReaderCount = 3
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // Create the file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
        // database file's mode. (Not umask: that is process-wide and would race other threads.)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        chmod(path, 0o600)
        (pool, integrity) = try HallDatabase.openChecked(path: path, configuration: config, check: check)
    }

    /// Opens the pool, refuses a damaged file (`PRAGMA quick_check`, now or beside the start), sets
    /// `synchronous = FULL` and migrates. SQLite's "corrupt" and "not a database" become
    /// ``HallDatabaseProblem/damaged(path:detail:)``.
    private static func openChecked(
        path: String, configuration: Configuration, check: IntegrityCheck
    ) throws -> (DatabasePool, BackgroundCheck?) {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let current = try pool.read { db in try HallDatabase.migrator.hasCompletedMigrations(db) }
            let beside = check == .besideStart && current
            if !beside { try quickCheck(pool, path: path) }
            // GRDB switches the writer to synchronous=NORMAL when it enables WAL, after prepareDatabase:
            // set FULL again on the one writer connection, so every commit is fsynced.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try HallDatabase.migrator.migrate(pool)
            return (pool, beside ? BackgroundCheck { try quickCheck(pool, path: path) } : nil)
        } catch let error as DatabaseError where HallDatabase.isDamage(error) {
            throw HallDatabaseProblem.damaged(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    private static func quickCheck(_ pool: DatabasePool, path: String) throws {
        do {
            let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            if check != ["ok"] {
                throw HallDatabaseProblem.damaged(path: path, detail: "quick_check: " + check.joined(separator: "; "))
            }
        } catch let error as DatabaseError where HallDatabase.isDamage(error) {
            throw HallDatabaseProblem.damaged(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Waits for the integrity check started at open (``IntegrityCheck/besideStart``); returns at
    /// once when it ran before. Throws ``HallDatabaseProblem/damaged(path:detail:)`` (or the read's
    /// error) when the file is not sound: nothing may be written to it then.
    public func integrityChecked() async throws {
        try await integrity?.result()
    }

    /// Whether SQLite's error says the file is damaged rather than busy, full or unreadable.
    static func isDamage(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// The journal mode and synchronous setting actually in force, for `/healthz` and tests.
    public func durability() throws -> (journalMode: String, synchronous: Int) {
        try pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// Whether configuration has been seeded.
    public func isSeeded() throws -> Bool {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM settings WHERE key = 'hall'") ?? 0 > 0 }
    }

    /// Copies the live database into `path` (an online backup through SQLite's backup API).
    public func backup(to path: String) throws {
        let target = try DatabaseQueue(path: path)
        try pool.backup(to: target)
    }
}

/// A check running on a thread of its own; its outcome is kept for every waiter.
private final class BackgroundCheck: Sendable {
    private enum Progress {
        case running([CheckedContinuation<Void, any Error>])
        case done(Result<Void, any Error>)
    }
    private let progress = Mutex(Progress.running([]))

    init(_ body: @escaping @Sendable () throws -> Void) {
        Thread.detachNewThread { [self] in
            let outcome = Result { try body() }
            let waiting = progress.withLock { progress -> [CheckedContinuation<Void, any Error>] in
                defer { progress = .done(outcome) }
                if case .running(let waiting) = progress { return waiting }
                return []
            }
            for waiter in waiting { waiter.resume(with: outcome) }
        }
    }

    func result() async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            let outcome = progress.withLock { progress -> Result<Void, any Error>? in
                switch progress {
                case .running(let waiting):
                    progress = .running(waiting + [waiter])
                    return nil
                case .done(let outcome):
                    return outcome
                }
            }
            if let outcome { waiter.resume(with: outcome) }
        }
    }
}
