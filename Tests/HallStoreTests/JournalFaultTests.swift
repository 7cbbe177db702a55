import Foundation
import HallCore
import HallStore
import Testing

@Suite("The journal's fault-injection seam")
struct JournalFaultTests {
    @Test("while writes fail, an append throws SQLite's error and journals nothing; reads go on; healed, appends work")
    func failingWrites() async throws {
        let store = try TemporaryDatabase()
        let db = store.database
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        try await db.append([JournalEntry(seq: 1, at: at, event: .dayStarted(date: LocalDate("2026-11-23")!))])
        try db.failWrites()
        let error = await #expect(throws: (any Error).self) {
            try await db.append([JournalEntry(seq: 2, at: at, event: .dayStarted(date: LocalDate("2026-11-24")!))])
        }
        // Described for /healthz without the statement.
        let described = HallDatabase.describe(try #require(error))
        #expect(described.contains("disk is full"))
        #expect(!described.contains("INSERT"))
        await #expect(throws: (any Error).self) { try await db.probeWrite(at: at) }
        #expect(try db.lastSeq() == 1)
        #expect(try db.currentDayEntries().count == 1)
        try db.healWrites()
        try await db.probeWrite(at: at)
        try await db.append([JournalEntry(seq: 2, at: at, event: .dayStarted(date: LocalDate("2026-11-24")!))])
        #expect(try db.lastSeq() == 2)
    }
}
