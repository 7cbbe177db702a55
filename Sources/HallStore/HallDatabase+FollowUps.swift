import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// The `followUps` table (migration `v5-accountability`): one row per bad rating's follow-up,
    /// the whole record as JSON in `body` beside the columns reports filter on.
    static func createFollowUps(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE followUps (
                    id TEXT PRIMARY KEY NOT NULL,
                    openedAt INTEGER NOT NULL,
                    due TEXT NOT NULL,
                    status TEXT NOT NULL,
                    level INTEGER NOT NULL,
                    window INTEGER NOT NULL,
                    staffID TEXT,
                    serviceID TEXT NOT NULL,
                    assignee TEXT,
                    closedAt INTEGER,
                    closedBy TEXT,
                    body TEXT NOT NULL
                );
                CREATE INDEX followUps_status ON followUps(status, due);
                """)
    }

    /// Keeps the follow-up of `event` in its table, and the rating's `followUp` column (its status after each step), inside the
    /// journal's transaction: the record is read, changed by the core's own ``FollowUp/apply(_:at:)``
    /// and written back whole.
    static func project(_ event: FollowUpEvent, at: Date, in db: Database) throws {
        var followUp: FollowUp
        if case .opened(let opening) = event {
            followUp = FollowUp(opening: opening, at: at)
        } else {
            guard let stored = try record(FollowUp.self, table: "followUps", id: event.id, in: db) else { return }
            followUp = stored
            followUp.apply(event, at: at)
        }
        let body = String(decoding: try journalEncoder.encode(followUp), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO followUps (id, openedAt, due, status, level, window, staffID, serviceID, assignee, closedAt, closedBy, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee,
                closedAt = excluded.closedAt, closedBy = excluded.closedBy, body = excluded.body
                """,
            arguments: [
                followUp.id, followUp.openedAt.millis, followUp.due.description, followUp.status.rawValue, followUp.level.rawValue,
                followUp.window, followUp.ratedStaffID, followUp.serviceID, followUp.assignee, followUp.closedAt?.millis,
                followUp.closedBy, body,
            ])
        // The rating's own flag (`open`, or `reason_pending` from evaluator keys) stands until the first step.
        if case .opened = event { return }
        try db.execute(sql: "UPDATE ratings SET followUp = ? WHERE visitID = ?", arguments: [followUp.status.rawValue, followUp.id])
    }

    /// The record `id` of an accountability table (`followUps`, `complaints`), decoded from its `body`.
    static func record<Record: Decodable>(_ type: Record.Type, table: String, id: String, in db: Database) throws -> Record? {
        try String.fetchOne(db, sql: "SELECT body FROM \(table) WHERE id = ?", arguments: [id]).map {
            try journalDecoder.decode(Record.self, from: Data($0.utf8))
        }
    }

    /// The records of a book's table (`followUps`, `complaints`: each record's JSON in `body`) that
    /// `filter` admits, in `order` (SQL, from the caller's own text).
    static func records<Record: Decodable>(
        _ type: Record.Type, table: String, where filter: String = "1", arguments: StatementArguments = [], order: String = "rowid",
        in db: Database
    ) throws -> [Record] {
        try String.fetchAll(db, sql: "SELECT body FROM \(table) WHERE \(filter) ORDER BY \(order)", arguments: arguments).map {
            try journalDecoder.decode(Record.self, from: Data($0.utf8))
        }
    }

    /// Which of a book's records its book keeps when a day starts: not closed, or closed since the cutoff.
    static let keptInBook = "status != 'closed' OR closedAt >= ?"

    /// The follow-ups whose ids (their rated visits' ids, `20261123-A012`) sort from `first` up to
    /// `end`: with day prefixes `20261101` and `20261201`, those of November's visits.
    public func followUps(ofVisitIDsFrom first: String, before end: String) throws -> [String: FollowUp] {
        try pool.read { db in
            let items = try String.fetchAll(db, sql: "SELECT body FROM followUps WHERE id >= ? AND id < ?", arguments: [first, end]).map {
                try HallDatabase.journalDecoder.decode(FollowUp.self, from: Data($0.utf8))
            }
            return Dictionary(items.map { ($0.id, $0) }) { first, _ in first }
        }
    }

    /// The follow-ups the hall's ``FollowUpBook`` keeps, for it at start: those not closed, and those
    /// closed at `closedSince` or later (``CaseBook/forgettingCutoff(dayStartedAt:)``).
    public func followUpBook(closedSince: Date = .distantPast) throws -> FollowUpBook {
        try pool.read { db in
            FollowUpBook(
                try HallDatabase.records(
                    FollowUp.self, table: "followUps", where: HallDatabase.keptInBook, arguments: [closedSince.millis], in: db))
        }
    }

    /// Every follow-up however long ago it closed, newest first as ``FollowUpBook/all``; only the
    /// closed ones when `closedOnly`. The book keeps a month of closed ones; the admin page lists all.
    public func followUps(closedOnly: Bool = false) throws -> [FollowUp] {
        try pool.read { db in
            try HallDatabase.records(
                FollowUp.self, table: "followUps", where: closedOnly ? "status = 'closed'" : "1", order: "openedAt DESC, id DESC", in: db)
        }
    }

    /// One follow-up by its id, however long ago it closed.
    public func followUp(id: String) throws -> FollowUp? {
        try pool.read { db in try HallDatabase.record(FollowUp.self, table: "followUps", id: id, in: db) }
    }
}
