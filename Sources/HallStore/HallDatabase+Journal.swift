import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Appends journal entries and updates every projection in one transaction. When this returns
    /// the entries are durable; when it throws, none of them is.
    @discardableResult
    public func append(_ entries: [JournalEntry]) async throws -> [String] {
        guard !entries.isEmpty else { return [] }
        let encoded = try entries.map { entry in (entry, try HallDatabase.journalBody(entry.event)) }
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO events (seq, at, type, body) VALUES (?, ?, ?, ?)")
            for (entry, body) in encoded {
                try insert.execute(arguments: [entry.seq, entry.at.millis, entry.event.type, body])
                try HallDatabase.project(entry, in: db)
            }
        }
        return encoded.map(\.1)
    }

    /// An event's body as the journal holds it (the JSON ``journalEvent(body:)`` reads back).
    static func journalBody(_ event: HallEvent) throws -> String {
        // A ticket, the commonest entry, is written by hand (a fiftieth of the hall's time under load).
        String(decoding: try event.journalTicketJSON ?? Array(journalEncoder.encode(event)), as: UTF8.self)
    }

    /// The event a journal body holds.
    public static func journalEvent(body: some Collection<UInt8>) throws -> HallEvent {
        try journalDecoder.decode(HallEvent.self, from: Data(body))
    }

    /// The highest sequence number journaled, 0 when the journal is empty.
    public func lastSeq() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0 }
    }

    /// Entries after `seq`, oldest first, at most `limit`.
    public func entries(after seq: Int64, limit: Int = 10_000) throws -> [JournalEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, at, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map(HallDatabase.entry)
        }
    }

    /// The current day's entries: from the latest `dayStarted` on. Replaying them onto the
    /// configuration and the presence projection rebuilds the state.
    public func currentDayEntries() throws -> [JournalEntry] {
        try pool.read { db in
            let start = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events WHERE type = 'dayStarted'") ?? 0
            return try Row.fetchAll(db, sql: "SELECT seq, at, body FROM events WHERE seq >= ? ORDER BY seq", arguments: [start])
                .map(HallDatabase.entry)
        }
    }

    /// Every staff member's latest presence.
    public func presence() throws -> [String: Presence] {
        try pool.read { db in
            var result: [String: Presence] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT staffID, status, note FROM presence") {
                let status = PresenceStatus(rawValue: row["status"]) ?? .other
                result[row["staffID"]] = Presence(status: status, note: row["note"])
            }
            return result
        }
    }

    /// Counts of journal rows and visits, for `/metrics`.
    public func counts() throws -> (events: Int, visits: Int, ratings: Int) {
        try pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM visits") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ratings") ?? 0
            )
        }
    }

    static func entry(_ row: Row) throws -> JournalEntry {
        let body: String = row["body"]
        let event: HallEvent
        do {
            event = try journalEvent(body: body.utf8)
        } catch {
            let type = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["type"] as? String
            throw HallDatabaseProblem.undecodableJournalRow(seq: row["seq"], type: type ?? "?", detail: "\(error)")
        }
        return JournalEntry(seq: row["seq"], at: Date(millis: row["at"]), event: event)
    }
}

extension Date {
    /// Milliseconds since 1970, as the journal stores time.
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension HallDatabase {
    /// Makes every later journal write fail as a full disk would, until ``healWrites()``: temporary
    /// triggers on the one writer connection make SQLite abort each insert into the journal (and of
    /// the recovery probe) with `database or disk is full`, rolling its transaction back; reads and
    /// read-only transactions go on, as they do on a full disk. The fault-injection seam for tests
    /// and drills of a failed journal write; nothing else in the hall calls it.
    public func failWrites() throws {
        try pool.writeWithoutTransaction { db in
            for table in ["events", "settings"] {
                try db.execute(
                    sql: """
                        CREATE TEMP TRIGGER IF NOT EXISTS fault_\(table) BEFORE INSERT ON main.\(table)
                        BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
                        """)
            }
        }
    }

    /// Ends ``failWrites()``: writes succeed again.
    public func healWrites() throws {
        try pool.writeWithoutTransaction { db in
            for table in ["events", "settings"] { try db.execute(sql: "DROP TRIGGER IF EXISTS temp.fault_\(table)") }
        }
    }

    /// Proves the journal's disk takes writes again: commits one small row (the time of the probe)
    /// through the same writer and fsync as the journal. Throws what SQLite answers when it cannot.
    public func probeWrite(at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('journalProbe', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [String(now.millis)])
        }
    }
}

extension HallDatabase {
    /// What a store error says, without the SQL statement or its arguments (they can carry a
    /// resident's data): `SQLite error 13: database or disk is full`. For logs and `/healthz`.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }
        return String(describing: type(of: error))
    }
}
