import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A finished backup: the file written and the old ones removed to keep the last N.
public struct DatabaseBackup: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var removed: [String]
}

/// A finished restore: where the replaced database was put aside, and what the restored one holds.
public struct DatabaseRestore: Sendable, Equatable {
    /// The replaced `hall.sqlite` (with its `-wal`), renamed beside it; nil when there was none.
    public var replacedAside: String?
    public var events: Int
}

/// Why a backup or a restore did not happen, in Chinese then English with what to do.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case noDatabase(String)
    case hallRunning(dataDirectory: String)
    case notAHallDatabase(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "没有数据库文件：\(path)（数据目录是否正确？）\nNo database at \(path) (is the data folder right?)"
        case .hallRunning(let directory):
            return """
                办事大厅正在运行（\(directory) 已被锁定）：请先停止服务（systemctl stop servicehall），恢复后再启动。
                The hall is running (\(directory) is locked): stop it first (systemctl stop servicehall), restore, then start it.
                """
        case .notAHallDatabase(let path):
            return "\(path) 不是办事大厅的数据库（缺少 events 表）。\n\(path) is not a hall database (it has no events table)."
        }
    }
}

extension HallDatabase {
    /// Backup files are `hall-YYYYMMDD-HHMMSS.sqlite`, named by the local date and time.
    public static let backupPrefix = "hall-"

    /// An online, consistent copy of the database at `source` into `folder`, while a hall may be
    /// writing to it: SQLite's backup API reads one snapshot. The copy is a single file (journal mode
    /// DELETE), checked with `PRAGMA integrity_check`, fsynced, then renamed into place; only then
    /// are backups beyond the newest `keep` removed.
    public static func backup(databaseAt source: String, into folder: String, keep: Int, now: Date = Date()) throws -> DatabaseBackup {
        guard FileManager.default.fileExists(atPath: source) else { throw BackupError.noDatabase(source) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // A backup that crashed half-way leaves a hidden partial file: it is never a backup.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder)
        where name.hasPrefix(".\(backupPrefix)") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        let name = uniqueName(in: folder, stamp: stamp(now))
        let partial = (folder as NSString).appendingPathComponent(".\(name).partial")
        let final = (folder as NSString).appendingPathComponent(name)
        do {
            try copyDatabase(from: source, to: partial)
            let problems = try integrityProblems(ofFileAt: partial)
            guard problems.isEmpty else {
                throw HallDatabaseProblem.damaged(path: source, detail: "integrity_check: " + problems.joined(separator: "; "))
            }
            try fsyncFile(partial)
            guard rename(partial, final) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            try fsyncFile(folder)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: final)[.size] as? NSNumber)?.intValue ?? 0
        let all = try backups(in: folder)
        let removed = Array(all.dropLast(max(keep, 1)))
        for path in removed { try FileManager.default.removeItem(atPath: path) }
        return DatabaseBackup(path: final, bytes: bytes, removed: removed)
    }

    /// The backups in `folder`, oldest first.
    public static func backups(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix(backupPrefix) && $0.hasSuffix(".sqlite") }
            // By name without the extension: hall-…-103000 before hall-…-103000-2.
            .sorted { $0.dropLast(7) < $1.dropLast(7) }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Replaces the database at `database` with the backup `file`. Refuses while a hall holds the
    /// data folder's lock (and holds it itself meanwhile, so no hall starts half-way); refuses a
    /// backup that fails `PRAGMA integrity_check` or is not a hall database. The replaced file and
    /// its `-wal` are kept beside it as `hall.sqlite.replaced-<date>`. The restored file gets the
    /// data folder's owner, so the service user can open it after a restore run as root.
    public static func restore(_ file: String, to database: String, now: Date = Date()) throws -> DatabaseRestore {
        let directory = (database as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: file) else { throw BackupError.noDatabase(file) }
        guard let lock = try DataDirectoryLock.acquire(in: directory) else { throw BackupError.hallRunning(dataDirectory: directory) }
        defer { lock.release() }
        let problems: [String]
        do {
            problems = try integrityProblems(ofFileAt: file)
        } catch let error as DatabaseError where isDamage(error) {
            throw HallDatabaseProblem.damaged(path: file, detail: error.message ?? "\(error.resultCode)")
        }
        guard problems.isEmpty else {
            throw HallDatabaseProblem.damaged(path: file, detail: "integrity_check: " + problems.joined(separator: "; "))
        }
        let reader = try DatabaseQueue(path: file, configuration: readOnly)
        let isHall = try reader.read { db in try db.tableExists("events") && db.tableExists("settings") }
        try reader.close()
        guard isHall else { throw BackupError.notAHallDatabase(file) }

        let incoming = database + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        try copyDatabase(from: file, to: incoming)
        try fsyncFile(incoming)
        var aside: String?
        if FileManager.default.fileExists(atPath: database) {
            let target = "\(database).replaced-\(stamp(now))"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
                guard rename(database + suffix, target + suffix) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }
            aside = target
        }
        guard rename(incoming, database) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        chmod(database, 0o600)
        if geteuid() == 0, let owner = try? FileManager.default.attributesOfItem(atPath: directory) {
            let uid = (owner[.ownerAccountID] as? NSNumber)?.uint32Value ?? 0
            let gid = (owner[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? 0
            _ = chown(database, uid, gid)
        }
        try fsyncFile(directory)
        // Open it as the hall will (WAL, migrations of a backup from an older version, quick_check).
        let restored = try HallDatabase(path: database)
        let events = try restored.counts().events
        return DatabaseRestore(replacedAside: aside, events: events)
    }

    /// `PRAGMA integrity_check` of the file at `path`, read-only: an empty array when it is sound.
    public static func integrityProblems(ofFileAt path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(20)") }
        return lines == ["ok"] ? [] : lines
    }

    /// Integrity of this open database, for `hall doctor`: empty when sound.
    public func integrityProblems() throws -> [String] {
        let lines = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(20)") }
        return lines == ["ok"] ? [] : lines
    }

    /// Copies a database through SQLite's backup API into a new single file (journal mode DELETE).
    static func copyDatabase(from source: String, to target: String) throws {
        let from = try DatabaseQueue(path: source, configuration: readOnly)
        defer { try? from.close() }
        FileManager.default.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o600])
        let to = try DatabaseQueue(path: target)
        try from.backup(to: to)
        try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try to.close()
    }

    static var readOnly: Configuration {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        return config
    }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    static func uniqueName(in folder: String, stamp: String) -> String {
        var name = "\(backupPrefix)\(stamp).sqlite"
        var n = 2
        while FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name)) {
            name = "\(backupPrefix)\(stamp)-\(n).sqlite"
            n += 1
        }
        return name
    }

    /// fsync of a file or a folder (a folder's fsync makes a rename in it durable).
    static func fsyncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
