import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// The tables of migration `v5-cases`: `cases` (one row per case, kept up to date),
    /// `visitOutcomes` (one row per finished visit that has an outcome) and `documentPrints`.
    static func createCaseTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE cases (
                    number TEXT PRIMARY KEY NOT NULL,
                    code TEXT NOT NULL UNIQUE,
                    visitID TEXT NOT NULL,
                    serviceID TEXT NOT NULL,
                    applicantName TEXT,
                    applicantPhone TEXT,
                    acceptedAt INTEGER NOT NULL,
                    acceptedBy TEXT,
                    promisedDate TEXT NOT NULL,
                    originalPromisedDate TEXT NOT NULL,
                    extensionReason TEXT,
                    stage TEXT NOT NULL,
                    readyAt INTEGER,
                    closedAt INTEGER
                );
                CREATE INDEX cases_stage ON cases(stage, promisedDate);
                CREATE TABLE visitOutcomes (
                    visitID TEXT PRIMARY KEY NOT NULL,
                    day TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    window INTEGER NOT NULL,
                    serviceID TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    caseNumber TEXT,
                    detail TEXT NOT NULL,
                    staffID TEXT
                );
                CREATE INDEX visitOutcomes_day ON visitOutcomes(day, outcome);
                CREATE TABLE documentPrints (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    visitID TEXT NOT NULL,
                    document TEXT NOT NULL,
                    caseNumber TEXT,
                    at INTEGER NOT NULL,
                    staffID TEXT
                );
                CREATE INDEX documentPrints_visit ON documentPrints(visitID);
                """)
    }

    /// Updates the case projections for one event, inside the journal's transaction.
    static func projectCase(_ entry: JournalEntry, in db: Database) throws {
        let at = entry.at.millis
        func run(_ sql: String, _ arguments: StatementArguments) throws {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        }
        switch entry.event {
        case .visitOutcome(let o):
            let detail = String(decoding: try JSONEncoder().encode(o.outcome), as: UTF8.self)
            try run(
                """
                INSERT OR REPLACE INTO visitOutcomes (visitID, day, at, window, serviceID, outcome, caseNumber, detail, staffID)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [o.visitID, day(of: o.visitID), at, o.window, o.serviceID, o.outcome.kind.rawValue, o.caseNumber, detail, o.by])
        case .caseAccepted(let a):
            try run(
                """
                INSERT OR IGNORE INTO cases (number, code, visitID, serviceID, applicantName, applicantPhone, acceptedAt, acceptedBy,
                promisedDate, originalPromisedDate, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'inProgress')
                """,
                [
                    a.caseNumber, a.code, a.visitID, a.serviceID, a.applicantName, a.applicantPhone, at, a.by,
                    a.promisedDate.description, a.promisedDate.description,
                ])
        case .caseExtended(let number, let reason, let date, _):
            try run(
                "UPDATE cases SET promisedDate = ?, extensionReason = ?, stage = 'extended' WHERE number = ?",
                [date.description, reason, number])
        case .caseReady(let number, _):
            try run("UPDATE cases SET stage = 'ready', readyAt = COALESCE(readyAt, ?) WHERE number = ?", [at, number])
        case .caseCompleted(let number, _):
            try run("UPDATE cases SET stage = 'completed', closedAt = COALESCE(closedAt, ?) WHERE number = ?", [at, number])
        case .casePickedUp(let number, _):
            try run("UPDATE cases SET stage = 'pickedUp', closedAt = COALESCE(closedAt, ?) WHERE number = ?", [at, number])
        case .documentPrinted(let visit, let document, let number, let by):
            try run(
                "INSERT INTO documentPrints (visitID, document, caseNumber, at, staffID) VALUES (?, ?, ?, ?, ?)",
                [visit, document.rawValue, number, at, by])
        default:
            break
        }
    }

    /// Every case (the `cases` projection), for the reports.
    public func cases() throws -> [CaseRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM cases ORDER BY number").map(Self.caseRecord) }
    }

    /// The cases the ``CaseBook`` keeps in memory: those still open or awaiting pickup, and those
    /// closed at `closedSince` or later.
    public func cases(closedSince: Date) throws -> [CaseRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM cases WHERE closedAt IS NULL OR closedAt >= ? ORDER BY number", arguments: [closedSince.millis]
            ).map(Self.caseRecord)
        }
    }

    /// One case by its number or by the code of its page (`/c/<code>`), however long ago it closed.
    public func caseRecord(number: String? = nil, code: String? = nil) throws -> CaseRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE number = ? OR code = ?", arguments: [number, code]).map(Self.caseRecord)
        }
    }

    /// The `limit` newest cases, newest first.
    public func newestCases(limit: Int) throws -> [CaseRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cases ORDER BY number DESC LIMIT ?", arguments: [limit]).map(Self.caseRecord)
        }
    }

    private static func caseRecord(_ row: Row) -> CaseRecord {
        CaseRecord(
            number: row["number"], code: row["code"], visitID: row["visitID"], serviceID: row["serviceID"],
            applicantName: row["applicantName"], applicantPhone: row["applicantPhone"],
            acceptedAt: Date(millis: row["acceptedAt"]),
            promisedDate: LocalDate(row["promisedDate"]) ?? LocalDate(daysSinceEpoch: 0),
            originalPromisedDate: LocalDate(row["originalPromisedDate"]), extensionReason: row["extensionReason"],
            stage: CaseStatus(rawValue: row["stage"]) ?? .inProgress, readyAt: (row["readyAt"] as Int64?).map(Date.init(millis:)),
            closedAt: (row["closedAt"] as Int64?).map(Date.init(millis:)), acceptedBy: row["acceptedBy"])
    }
}
