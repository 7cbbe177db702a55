import Foundation
import GRDB

/// What `hall doctor` reads from a database file without changing it (read-only, safe while the
/// hall runs, never creating the file).
public struct DatabaseInspection: Sendable {
    /// `PRAGMA integrity_check` lines other than "ok"; empty when the file is sound.
    public var integrityProblems: [String]
    /// The file's journal mode (`wal` once the hall has opened it).
    public var journalMode: String
    public var events: Int
    /// The time of the newest journal row, if any.
    public var lastEventAt: Date?
    /// Raw JSON of the `settings` rows, by key.
    public var settings: [String: String]
}

extension HallDatabase {
    public static func inspect(fileAt path: String) throws -> DatabaseInspection {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.noDatabase(path) }
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        return try queue.read { db in
            let check = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let hasEvents = try db.tableExists("events")
            let events = hasEvents ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 : 0
            let last = hasEvents ? try Int64.fetchOne(db, sql: "SELECT MAX(at) FROM events") : nil
            var settings: [String: String] = [:]
            if try db.tableExists("settings") {
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM settings") { settings[row["key"]] = row["value"] }
            }
            return DatabaseInspection(
                integrityProblems: check == ["ok"] ? [] : check, journalMode: mode, events: events,
                lastEventAt: last.map(Date.init(millis:)),
                settings: settings)
        }
    }
}
