import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Updates the projections for one event, inside the journal's transaction.
    static func project(_ entry: JournalEntry, in db: Database) throws {
        let at = entry.at.millis
        func run(_ sql: String, _ arguments: StatementArguments) throws {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        }
        // MARK: reports (统计与考核): each visit as the reports count it.
        try projectLedger(entry, in: db)
        switch entry.event {
        case .dayStarted:
            try run("UPDATE windowStatus SET status = 'closed', reason = NULL, updatedAt = ?", [at])
        case .ticketIssued(let t):
            try run(
                """
                INSERT INTO visits (id, day, number, serviceID, priority, status, issuedAt, secret)
                VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)
                """, [t.visitID, day(of: t.visitID), t.number, t.serviceID, t.priority.rawValue, at, t.secret])
        case .visitCalled(let id, _, let window, let recall, _):
            if recall {
                try run("UPDATE visits SET recalls = recalls + 1 WHERE id = ?", [id])
            } else {
                try run("UPDATE visits SET status = 'called', window = ?, calledAt = ? WHERE id = ?", [window, at, id])
            }
        case .serviceStarted(let id, _):
            try run("UPDATE visits SET status = 'serving', startedAt = ? WHERE id = ?", [at, id])
        case .visitFinished(let id, let window, let staffID):
            try run(
                """
                UPDATE visits SET status = 'finished', finishedAt = ?, window = ?, staffID = ?, ratingStatus = 'awaiting',
                startedAt = COALESCE(startedAt, calledAt) WHERE id = ?
                """, [at, window, staffID, id])
        case .visitNoShow(let id, _, _):
            try run("UPDATE visits SET status = 'noShow' WHERE id = ?", [id])
        case .visitTransferred(let id, _, let service, _, _):
            try run("UPDATE visits SET status = 'waiting', serviceID = ?, transfers = transfers + 1 WHERE id = ?", [service, id])
        case .visitHeld(let id, _):
            try run("UPDATE visits SET status = 'held' WHERE id = ?", [id])
        case .visitResumed(let id, _):
            try run("UPDATE visits SET status = 'serving', startedAt = COALESCE(startedAt, ?) WHERE id = ?", [at, id])
        case .visitCancelled(let id, _):
            try run("UPDATE visits SET status = 'cancelled' WHERE id = ?", [id])
        case .windowOpened(let window, let staffID):
            try run(
                """
                INSERT INTO windowStatus (number, status, reason, staffID, updatedAt) VALUES (?, 'open', NULL, ?, ?)
                ON CONFLICT(number) DO UPDATE SET status = 'open', reason = NULL,
                staffID = COALESCE(excluded.staffID, staffID), updatedAt = excluded.updatedAt
                """, [window, staffID, at])
        case .windowPaused(let window, let reason):
            try run(
                """
                INSERT INTO windowStatus (number, status, reason, updatedAt) VALUES (?, 'paused', ?, ?)
                ON CONFLICT(number) DO UPDATE SET status = 'paused', reason = excluded.reason, updatedAt = excluded.updatedAt
                """, [window, reason, at])
        case .windowClosed(let window):
            try run(
                """
                INSERT INTO windowStatus (number, status, updatedAt) VALUES (?, 'closed', ?)
                ON CONFLICT(number) DO UPDATE SET status = 'closed', reason = NULL, updatedAt = excluded.updatedAt
                """, [window, at])
        case .presenceChanged(let staffID, let presence):
            try run(
                """
                INSERT INTO presence (staffID, status, note, updatedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(staffID) DO UPDATE SET status = excluded.status, note = excluded.note, updatedAt = excluded.updatedAt
                """, [staffID, presence.status.rawValue, presence.note, at])
            // MARK: reports (统计与考核)
            try run(
                "INSERT INTO presenceHistory (seq, staffID, at, status, note) VALUES (?, ?, ?, ?, ?)",
                [entry.seq, staffID, at, presence.status.rawValue, presence.note])
        case .ratingRecorded(let r):
            try run(
                """
                INSERT INTO ratings (visitID, day, at, level, reason, source, window, staffID, serviceID, followUp)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    r.visitID, day(of: r.visitID), at, r.level.rawValue, r.reason, r.source, r.window, r.staffID, r.serviceID,
                    r.reasonPending ? "reason_pending" : r.level.isBad ? "open" : nil,
                ])
            try run("UPDATE visits SET ratingStatus = 'rated' WHERE id = ?", [r.visitID])
        case .ratingExpired(let id):
            try run("UPDATE visits SET ratingStatus = 'notRated' WHERE id = ? AND ratingStatus = 'awaiting'", [id])
        case .deviceStatusChanged(let id, let kind, let window, let status):
            try run(
                """
                INSERT INTO deviceStatus (deviceID, kind, window, status, updatedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(deviceID) DO UPDATE SET kind = excluded.kind, window = excluded.window, status = excluded.status,
                updatedAt = excluded.updatedAt
                """, [id, kind, window, status.rawValue, at])
        case .printJobDropped:
            break
        // MARK: cases (办件)
        case .visitOutcome, .caseAccepted, .caseExtended, .caseReady, .caseCompleted, .casePickedUp, .documentPrinted:
            try projectCase(entry, in: db)
        // MARK: accountability (差评整改, 投诉建议); alerts live in the journal only.
        case .followUp(let e):
            try project(e, at: entry.at, in: db)
        case .complaint(let e):
            try project(e, at: entry.at, in: db)
        case .alertRaised, .alertCleared:
            break
        // MARK: appointments (预约)
        case .appointment(let e):
            try projectAppointment(e, at: at, in: db)
        // MARK: guide desk (咨询引导台)
        case .guideDesk(let e):
            try projectGuideDesk(e, at: entry.at, in: db)
        // MARK: cases (harden)
        case .windowTakenOver:
            break
        }
    }

    /// `20261123-A001` → `2026-11-23`.
    static func day(of visitID: String) -> String {
        let digits = visitID.prefix(8)
        guard digits.count == 8 else { return "" }
        let y = digits.prefix(4), m = digits.dropFirst(4).prefix(2), d = digits.suffix(2)
        return "\(y)-\(m)-\(d)"
    }
}
