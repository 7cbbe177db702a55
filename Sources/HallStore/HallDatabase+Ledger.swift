import Foundation
import GRDB
import HallCore
import HallReports

// One visit as the reports count it, kept up at every commit (`visitLedger`): the same fold of its
// events as `PeriodLedger` makes from the journal, so a month's figures read some ten thousand rows
// instead of decoding the month's fifty thousand journal events.
//
// A visit's events all fall on the day its ticket was taken — the hall's state is one day's, and
// the day's end cancels what is still open before anything else happens — except that cancellation
// itself, which comes with the next day's first tick (the next morning when the hall was off). The
// row keeps the status before it and when it came, so a period that ends before it counts the visit
// as the journal of the period shows it.
extension HallDatabase {
    /// The visits whose ticket was taken in `start..<end`, in ticket order, as the journal of that
    /// span folds them (`PeriodLedger`); `day` is the ticket's date at `utcOffsetMinutes`.
    public func ledgerVisits(from start: Date, to end: Date, utcOffsetMinutes: Int) throws -> [VisitRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, number, serviceID, priority,
                           CASE WHEN cancelledAt >= ? THEN statusBeforeCancel ELSE status END AS status,
                           issuedAt, calledAt, startedAt, finishedAt, window, staffID, transfers, appointment,
                           rating, ratingReasonPending, outcome
                    FROM visitLedger WHERE issuedAt >= ? AND issuedAt < ? ORDER BY seq
                    """, arguments: [end.millis, start.millis, end.millis]
            ).map { row in
                let issuedAt = Date(millis: row["issuedAt"])
                return VisitRecord.projected(
                    id: row["id"], number: row["number"], day: LocalDate.local(issuedAt, utcOffsetMinutes: utcOffsetMinutes).date,
                    serviceID: row["serviceID"], priority: Priority(rawValue: row["priority"]) ?? .normal,
                    status: VisitStatus(rawValue: row["status"]) ?? .waiting, issuedAt: issuedAt,
                    calledAt: (row["calledAt"] as Int64?).map(Date.init(millis:)),
                    startedAt: (row["startedAt"] as Int64?).map(Date.init(millis:)),
                    finishedAt: (row["finishedAt"] as Int64?).map(Date.init(millis:)), window: row["window"], staffID: row["staffID"],
                    transfers: row["transfers"], appointment: row["appointment"], rating: (row["rating"] as Int?).flatMap(RatingLevel.init),
                    ratingReasonPending: row["ratingReasonPending"], outcome: (row["outcome"] as String?).flatMap(VisitOutcome.Kind.init))
            }
        }
    }

    /// The `visitLedger` table, filled from the journal so far.
    static func createLedger(in db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE visitLedger (
                    id TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    number TEXT NOT NULL,
                    serviceID TEXT NOT NULL,
                    priority TEXT NOT NULL,
                    status TEXT NOT NULL,
                    statusBeforeCancel TEXT,
                    cancelledAt INTEGER,
                    issuedAt INTEGER NOT NULL,
                    calledAt INTEGER,
                    startedAt INTEGER,
                    finishedAt INTEGER,
                    window INTEGER,
                    staffID TEXT,
                    transfers INTEGER NOT NULL DEFAULT 0,
                    appointment INTEGER NOT NULL,
                    rating INTEGER,
                    ratingReasonPending INTEGER NOT NULL DEFAULT 0,
                    outcome TEXT
                );
                CREATE INDEX visitLedger_issued ON visitLedger(issuedAt);
                """)
        let types = [
            "ticketIssued", "visitCalled", "serviceStarted", "visitFinished", "visitNoShow", "visitTransferred", "visitHeld",
            "visitResumed", "visitCancelled", "ratingRecorded", "visitOutcome",
        ]
        let placeholders = types.map { _ in "?" }.joined(separator: ", ")
        var after: Int64 = 0
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, at, body FROM events WHERE seq > ? AND type IN (\(placeholders)) ORDER BY seq LIMIT 10000",
                arguments: StatementArguments([after] + types))
            guard let last = rows.last else { break }
            for row in rows { try projectLedger(try entry(row), in: db) }
            after = last["seq"]
        }
    }

    /// Folds one committed entry into `visitLedger`, as `PeriodLedger` folds it.
    static func projectLedger(_ entry: JournalEntry, in db: Database) throws {
        let at = entry.at.millis
        func run(_ sql: String, _ arguments: StatementArguments) throws {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        }
        switch entry.event {
        case .ticketIssued(let t):
            try run(
                """
                INSERT INTO visitLedger (id, seq, number, serviceID, priority, status, issuedAt, appointment)
                VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)
                """, [t.visitID, entry.seq, t.number, t.serviceID, t.priority.rawValue, at, t.appointmentAt != nil])
        case .visitCalled(let id, _, let window, _, _):
            try run(
                "UPDATE visitLedger SET status = 'called', window = ?, calledAt = COALESCE(calledAt, ?) WHERE id = ?", [window, at, id])
        case .serviceStarted(let id, let window):
            try run(
                "UPDATE visitLedger SET status = 'serving', window = ?, startedAt = COALESCE(startedAt, ?) WHERE id = ?", [window, at, id])
        case .visitFinished(let id, let window, let staffID):
            try run(
                "UPDATE visitLedger SET status = 'finished', window = ?, staffID = ?, finishedAt = ? WHERE id = ?",
                [window, staffID, at, id])
        case .visitNoShow(let id, _, _):
            try run("UPDATE visitLedger SET status = 'noShow' WHERE id = ?", [id])
        case .visitTransferred(let id, _, let service, _, _):
            try run("UPDATE visitLedger SET status = 'waiting', serviceID = ?, transfers = transfers + 1 WHERE id = ?", [service, id])
        case .visitHeld(let id, _):
            try run("UPDATE visitLedger SET status = 'held' WHERE id = ?", [id])
        case .visitResumed(let id, _):
            try run("UPDATE visitLedger SET status = 'serving', startedAt = COALESCE(startedAt, ?) WHERE id = ?", [at, id])
        case .visitCancelled(let id, _):
            try run(
                "UPDATE visitLedger SET statusBeforeCancel = status, cancelledAt = ?, status = 'cancelled' WHERE id = ?", [at, id])
        case .ratingRecorded(let r):
            try run(
                "UPDATE visitLedger SET rating = ?, ratingReasonPending = ? WHERE id = ?", [r.level.rawValue, r.reasonPending, r.visitID])
        case .visitOutcome(let o):
            try run("UPDATE visitLedger SET outcome = ? WHERE id = ?", [o.outcome.kind.rawValue, o.visitID])
        default:
            break
        }
    }
}
