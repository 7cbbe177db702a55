import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// The `complaints` table (migration `v5-accountability`): one row per complaint or suggestion,
    /// the whole record as JSON in `body` beside the columns reports filter on.
    static func createComplaints(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE complaints (
                    id TEXT PRIMARY KEY NOT NULL,
                    submittedAt INTEGER NOT NULL,
                    due TEXT NOT NULL,
                    status TEXT NOT NULL,
                    category TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    owner TEXT,
                    repliedAt INTEGER,
                    closedAt INTEGER,
                    body TEXT NOT NULL
                );
                CREATE INDEX complaints_status ON complaints(status, due);
                CREATE INDEX complaints_submitted ON complaints(submittedAt);
                """)
    }

    /// Keeps the complaint of `event` in its table, inside the journal's transaction, changed by the
    /// core's own ``Complaint/apply(_:at:)``.
    static func project(_ event: ComplaintEvent, at: Date, in db: Database) throws {
        var complaint: Complaint
        if case .submitted(let submission) = event {
            complaint = Complaint(submission, at: at)
        } else {
            guard let stored = try record(Complaint.self, table: "complaints", id: event.id, in: db) else { return }
            complaint = stored
            complaint.apply(event, at: at)
        }
        let body = String(decoding: try journalEncoder.encode(complaint), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO complaints (id, submittedAt, due, status, category, channel, owner, repliedAt, closedAt, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, owner = excluded.owner, repliedAt = excluded.repliedAt,
                closedAt = excluded.closedAt, body = excluded.body
                """,
            arguments: [
                complaint.id, complaint.submittedAt.millis, complaint.due.description, complaint.status.rawValue,
                complaint.category.rawValue, complaint.channel.rawValue, complaint.owner, complaint.repliedAt?.millis,
                complaint.closedAt?.millis, body,
            ])
    }

    /// The complaints the hall's ``ComplaintBook`` keeps, for it at start: those not closed, and
    /// those closed at `closedSince` or later (``CaseBook/forgettingCutoff(dayStartedAt:)``). The
    /// reports read every one (the default).
    public func complaintBook(closedSince: Date = .distantPast) throws -> ComplaintBook {
        try pool.read { db in
            ComplaintBook(
                try HallDatabase.records(
                    Complaint.self, table: "complaints", where: HallDatabase.keptInBook, arguments: [closedSince.millis], in: db))
        }
    }

    /// Every complaint however long ago it closed, newest first as ``ComplaintBook/all``; only the
    /// closed ones when `closedOnly`. The book keeps a month of closed ones; the admin page lists all.
    public func complaints(closedOnly: Bool = false) throws -> [Complaint] {
        try pool.read { db in
            try HallDatabase.records(
                Complaint.self, table: "complaints", where: closedOnly ? "status = 'closed'" : "1", order: "submittedAt DESC, id DESC",
                in: db)
        }
    }

    /// One complaint by its code, however long ago it closed.
    public func complaint(code: String) throws -> Complaint? {
        try pool.read { db in try HallDatabase.record(Complaint.self, table: "complaints", id: code, in: db) }
    }
}
