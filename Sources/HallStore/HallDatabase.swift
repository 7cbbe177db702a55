import Foundation
import GRDB
import HallCore

/// The hall's one SQLite file: the event journal, its projections, configuration, accounts and
/// sessions. WAL with `synchronous = FULL`: a committed transaction survives a power cut.
///
/// ```swift
/// let db = try HallDatabase(path: "data/hall.sqlite")
/// try await db.append(entries)          // durable when this returns
/// ```
public final class HallDatabase: Sendable {
    let pool: DatabasePool
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

    /// Opens (creating if needed) the database at `path` and migrates it. The file is mode 0600.
    public init(path: String) throws {
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
        pool = try HallDatabase.openChecked(path: path, configuration: config)
    }

    /// Opens the pool, refuses a damaged file (`PRAGMA quick_check`), sets `synchronous = FULL`
    /// and migrates. SQLite's "corrupt" and "not a database" become ``HallDatabaseProblem/damaged(path:detail:)``.
    private static func openChecked(path: String, configuration: Configuration) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            if check != ["ok"] {
                throw HallDatabaseProblem.damaged(path: path, detail: "quick_check: " + check.joined(separator: "; "))
            }
            // GRDB switches the writer to synchronous=NORMAL when it enables WAL, after prepareDatabase:
            // set FULL again on the one writer connection, so every commit is fsynced.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try HallDatabase.migrator.migrate(pool)
            return pool
        } catch let error as DatabaseError where HallDatabase.isDamage(error) {
            throw HallDatabaseProblem.damaged(path: path, detail: error.message ?? "\(error.resultCode)")
        }
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
