import Foundation
import GRDB
import HallCore
import HallStore
import Testing

/// Backups, restores and damaged databases, on real SQLite files.
@Suite("Backup, restore and a damaged database")
struct BackupTests {
    /// A hall database with two tickets of 2026-11-23 in its journal, plus a backup folder beside it.
    final class Site {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallbackup-\(UUID().uuidString)").path
        /// The open database; nil once the hall has "stopped".
        var database: HallDatabase?
        var path: String { directory + "/hall.sqlite" }
        var backups: String { directory + "/backups" }

        init() async throws {
            let database = try HallDatabase(path: directory + "/hall.sqlite")
            try database.saveConfiguration(StoreFixture.configuration)
            var j = Journaling()
            try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "SECRET01"), at: StoreFixture.at("2026-11-23", "08:31"))
            try j.run(.issueTicket(serviceID: "civil", priority: .normal, secret: "SECRET02"), at: StoreFixture.at("2026-11-23", "08:32"))
            try await database.append(j.entries)
            self.database = database
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func issued(_ database: HallDatabase? = nil) throws -> [String] {
            try #require(database ?? self.database).issuedNumbers(day: LocalDate("2026-11-23")!)
        }
    }

    @Test("a backup taken while the hall's database is open holds every committed ticket and is a sound single file")
    func onlineBackup() async throws {
        let site = try await Site()
        let backup = try HallDatabase.backup(
            databaseAt: site.path, into: site.backups, keep: 7, now: StoreFixture.at("2026-11-23", "12:00"))
        #expect((backup.path as NSString).lastPathComponent.hasPrefix("hall-20261123-"))
        #expect(backup.bytes > 0)
        #expect(try HallDatabase.integrityProblems(ofFileAt: backup.path).isEmpty)
        // One file: no -wal beside it, the journal mode is DELETE, and only its owner reads it.
        #expect(!FileManager.default.fileExists(atPath: backup.path + "-wal"))
        let mode = try await DatabaseQueue(path: backup.path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "delete")
        #expect((try FileManager.default.attributesOfItem(atPath: backup.path)[.posixPermissions] as? Int) == 0o600)
        let copy = try HallDatabase(path: backup.path)
        #expect(try site.issued(copy) == ["A001", "B001"])
    }

    @Test("a stopped hall's database (no -wal file left) backs up the same way")
    func backupOfStoppedHall() async throws {
        let site = try await Site()
        site.database = nil
        #expect(!FileManager.default.fileExists(atPath: site.path + "-wal"))
        let backup = try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 7)
        #expect(try site.issued(HallDatabase(path: backup.path)) == ["A001", "B001"])
        let inspection = try HallDatabase.inspect(fileAt: site.path)
        #expect(inspection.integrityProblems.isEmpty)
        #expect(inspection.journalMode == "wal")
        // dayStarted and the two tickets.
        #expect(inspection.events == 3)
    }

    @Test("only the newest backups are kept")
    func keepsTheLastN() async throws {
        let site = try await Site()
        var written: [String] = []
        for hour in ["09:00", "10:00", "11:00", "12:00"] {
            written.append(
                try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 2, now: StoreFixture.at("2026-11-23", hour)).path)
        }
        #expect(try HallDatabase.backups(in: site.backups) == Array(written.suffix(2)))
        // Two backups in the same second get two names.
        let again = try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 5, now: StoreFixture.at("2026-11-23", "12:00"))
        #expect(again.path != written.last)
        #expect(try HallDatabase.backups(in: site.backups).last == again.path)
    }

    @Test("restore brings back the backed-up tickets and keeps the replaced file aside")
    func restoreRoundTrip() async throws {
        let site = try await Site()
        let backup = try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 7)
        // After the backup a third ticket is issued; then the hall stops.
        var j = Journaling()
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "SECRET01"), at: StoreFixture.at("2026-11-23", "08:31"))
        try j.run(.issueTicket(serviceID: "civil", priority: .normal, secret: "SECRET02"), at: StoreFixture.at("2026-11-23", "08:32"))
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "SECRET03"), at: StoreFixture.at("2026-11-23", "08:33"))
        try await site.database?.append(Array(j.entries.dropFirst(3)))
        #expect(try site.issued() == ["A001", "B001", "A002"])
        site.database = nil

        let result = try HallDatabase.restore(backup.path, to: site.path, now: StoreFixture.at("2026-11-23", "13:00"))
        let aside = try #require(result.replacedAside)
        #expect(result.events == 3)
        #expect(try site.issued(HallDatabase(path: site.path)) == ["A001", "B001"])
        // The replaced database is still there, whole, with the ticket issued after the backup.
        #expect(try site.issued(HallDatabase(path: aside)) == ["A001", "B001", "A002"])
        #expect((try FileManager.default.attributesOfItem(atPath: site.path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("restore refuses while a hall holds the data folder")
    func restoreRefusesWhileRunning() async throws {
        let site = try await Site()
        let backup = try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 7)
        let lock = try #require(try DataDirectoryLock.acquire(in: site.directory))
        #expect(try DataDirectoryLock.isHeld(in: site.directory))
        #expect(throws: BackupError.hallRunning(dataDirectory: site.directory)) {
            try HallDatabase.restore(backup.path, to: site.path)
        }
        #expect(try site.issued() == ["A001", "B001"])
        lock.release()
        #expect(try !DataDirectoryLock.isHeld(in: site.directory))
    }

    @Test("restore refuses a damaged backup and leaves the database as it was")
    func restoreRefusesDamagedBackup() async throws {
        let site = try await Site()
        let backup = try HallDatabase.backup(databaseAt: site.path, into: site.backups, keep: 7)
        try damage(backup.path)
        #expect {
            try HallDatabase.restore(backup.path, to: site.path)
        } throws: { error in
            guard case .damaged(let path, _)? = error as? HallDatabaseProblem else { return false }
            return path == backup.path
        }
        #expect(try site.issued() == ["A001", "B001"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.directory).allSatisfy { !$0.contains("replaced") })
    }

    @Test("opening a damaged database names the problem and hall restore")
    func damagedDatabaseAtStartup() async throws {
        let site = try await Site()
        site.database = nil
        try damage(site.path)
        #expect {
            _ = try HallDatabase(path: site.path)
        } throws: { error in
            guard let problem = error as? HallDatabaseProblem, case .damaged = problem else { return false }
            return problem.description.contains("hall restore") && problem.description.contains("数据库已损坏")
        }
    }

    @Test("a journal row that does not decode is reported with its number, not a decoding trace")
    func undecodableJournalRow() async throws {
        let site = try await Site()
        try await DatabaseQueue(path: site.path).write { db in
            try db.execute(
                sql: "INSERT INTO events (seq, at, type, body) VALUES (100, 0, 'ticketIssued', '{\"type\":\"ticketIssued\",\"number\":')")
        }
        let database = try #require(site.database)
        #expect(throws: HallDatabaseProblem.self) { try database.currentDayEntries() }
        do {
            _ = try database.entries(after: 0)
            Issue.record("an undecodable row was read")
        } catch let problem as HallDatabaseProblem {
            guard case .undecodableJournalRow(let seq, let type, _) = problem else { throw problem }
            #expect(seq == 100)
            #expect(type == "?")
            #expect(problem.description.contains("hall restore"))
        }
    }

    @Test("the scan archive is mirrored: new files copied, purged ones removed from the copy")
    func scanMirror() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mirror-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scans = root + "/scans", copy = root + "/backup/scans"
        try FileManager.default.createDirectory(atPath: scans + "/2026-11-23", withIntermediateDirectories: true)
        try Data("page one".utf8).write(to: URL(fileURLWithPath: scans + "/2026-11-23/a.pdf"))
        try Data("page two".utf8).write(to: URL(fileURLWithPath: scans + "/2026-11-23/b.pdf"))
        #expect(try FolderMirror.mirror(scans, to: copy) == .init(copied: 2, removed: 0, files: 2))
        #expect(try FolderMirror.mirror(scans, to: copy) == .init(copied: 0, removed: 0, files: 2))
        try FileManager.default.removeItem(atPath: scans + "/2026-11-23/a.pdf")
        #expect(try FolderMirror.mirror(scans, to: copy) == .init(copied: 0, removed: 1, files: 1))
        #expect(try String(contentsOfFile: copy + "/2026-11-23/b.pdf", encoding: .utf8) == "page two")
        #expect(!FileManager.default.fileExists(atPath: copy + "/2026-11-23/a.pdf"))
    }

    /// Overwrites every page after the first with noise, as a failing disk would.
    func damage(_ path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        #expect(size > 8192)
        var noise = [UInt8](repeating: 0, count: Int(size) - 4096)
        for i in noise.indices { noise[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: noise)
        try handle.close()
    }
}
