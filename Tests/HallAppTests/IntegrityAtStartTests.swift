import Foundation
import GRDB
import HallApp
import HallCore
import HallStore
import Logging
import Testing

/// `hall serve` checks the whole file (`PRAGMA quick_check`) on a thread of its own while it loads
/// the hall: the check still decides whether the hall starts, and nothing is written before it passed.
@Suite("The integrity check beside the start")
struct IntegrityAtStartTests {
    @Test("a damaged page the start never reads still stops the hall, and nothing is written")
    func damagedPageTheStartDoesNotRead() async throws {
        let t = try await TestHall()
        _ = try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "123456", by: nil))
        let path = t.directory + "/hall.sqlite"
        // The ratings table's first page: the start loads the configuration, today's journal and
        // the books, never the ratings, so only the check can find it.
        let (pageSize, page, events) = try await DatabaseQueue(path: path).writeWithoutTransaction { db in
            let checkpoint = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            #expect(checkpoint?[0] as Int? == 0, "the journal's pages are in the file, not only in its WAL")
            return (
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'ratings'") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
            )
        }
        #expect(page > 1 && events > 0)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize))
        try handle.write(contentsOf: (0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        try handle.close()

        // Opened beside the start, the file opens; the check reports the damage when waited for.
        let beside = try HallDatabase(path: path, check: .besideStart)
        await #expect(throws: HallDatabaseProblem.self) { try await beside.integrityChecked() }

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        await #expect {
            _ = try await HallBootstrap.open(configPath: nil, dataDir: t.directory, clock: t.clock, logger: logger)
        } throws: { error in
            guard let problem = error as? HallDatabaseProblem, case .damaged = problem else { return false }
            return problem.description.contains("hall restore") && problem.description.contains("数据库已损坏")
        }
        // The start stopped before the day's first write (its tick).
        let after = try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") }
        #expect(after == events)
    }

    @Test("a sound file starts as before, the check passed before the first write")
    func soundFileStarts() async throws {
        let t = try await TestHall()
        _ = try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "123456", by: nil))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let reopened = try await HallBootstrap.open(configPath: nil, dataDir: t.directory, clock: t.clock, logger: logger)
        try await reopened.database.integrityChecked()
        let waiting = await reopened.hall.state.waitingCount(service: "pension")
        #expect(waiting == 1)
    }
}
