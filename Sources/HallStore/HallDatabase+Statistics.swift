import Foundation
import GRDB
import HallCore

/// How satisfaction statistics are grouped.
public enum StatisticsGrouping: String, Sendable, CaseIterable, Codable {
    case window
    case staff
    case service
}

/// Satisfaction of one group (a window, a staff member or a service) over a period.
public struct SatisfactionRow: Codable, Sendable, Hashable {
    /// The window number, staff id or service id.
    public var key: String
    /// Finished visits: each could have been rated once.
    public var finished: Int
    public var rated: Int
    /// Ratings per level, keyed by the level's wire name (`verySatisfied` …).
    public var levels: [String: Int]
    /// Rated 基本满意 or better, over all rated.
    public var satisfactionRate: Double?
    /// Finished visits with no rating (not rated, or still awaiting), over all finished.
    public var unratedShare: Double?

    public init(key: String, finished: Int, rated: Int, levels: [String: Int]) {
        self.key = key
        self.finished = finished
        self.rated = rated
        self.levels = levels
        let satisfied = RatingLevel.allCases.filter { !$0.isBad }.reduce(0) { $0 + (levels["\($1)"] ?? 0) }
        satisfactionRate = rated > 0 ? Double(satisfied) / Double(rated) : nil
        unratedShare = finished > 0 ? Double(finished - rated) / Double(finished) : nil
    }
}

/// A bad rating for the administrator's follow-up.
public struct BadRating: Codable, Sendable, Hashable {
    public var visitID: String
    public var day: String
    public var level: Int
    public var reason: String?
    public var window: Int
    public var staffID: String?
    public var serviceID: String
    public var followUp: String?
}

extension HallDatabase {
    /// Satisfaction per window, staff member or service for visits of days `from` through `to`.
    public func satisfaction(from: LocalDate, to: LocalDate, by grouping: StatisticsGrouping) throws -> [SatisfactionRow] {
        let column =
            switch grouping {
            case .window: "CAST(v.window AS TEXT)"
            case .staff: "COALESCE(v.staffID, '')"
            case .service: "v.serviceID"
            }
        let levelColumns = RatingLevel.allCases.map { "SUM(r.level = \($0.rawValue)) AS l\($0.rawValue)" }.joined(separator: ", ")
        let sql = """
            SELECT \(column) AS key, COUNT(*) AS finished, COUNT(r.level) AS rated, \(levelColumns)
            FROM visits v LEFT JOIN ratings r ON r.visitID = v.id
            WHERE v.status = 'finished' AND v.day BETWEEN ? AND ?
            GROUP BY key ORDER BY key
            """
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [from.description, to.description]).map { row in
                var levels: [String: Int] = [:]
                for level in RatingLevel.allCases { levels["\(level)"] = row["l\(level.rawValue)"] ?? 0 }
                return SatisfactionRow(key: row["key"], finished: row["finished"], rated: row["rated"], levels: levels)
            }
        }
    }

    /// Bad ratings (不满意 or worse) of days `from` through `to`, newest first.
    public func badRatings(from: LocalDate, to: LocalDate) throws -> [BadRating] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT visitID, day, level, reason, window, staffID, serviceID, followUp FROM ratings
                    WHERE level <= 2 AND day BETWEEN ? AND ? ORDER BY at DESC
                    """, arguments: [from.description, to.description]
            ).map {
                BadRating(
                    visitID: $0["visitID"], day: $0["day"], level: $0["level"], reason: $0["reason"], window: $0["window"],
                    staffID: $0["staffID"], serviceID: $0["serviceID"], followUp: $0["followUp"])
            }
        }
    }

    /// The ratings of a day by visit id, as their level's score (5 = 非常满意).
    public func ratings(day: LocalDate) throws -> [String: Int] {
        try pool.read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT visitID, level FROM ratings WHERE day = ?", arguments: [day.description]) {
                result[row["visitID"]] = row["level"]
            }
            return result
        }
    }

    /// The issued numbers of a day, for checks that no number was handed out twice.
    public func issuedNumbers(day: LocalDate) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM visits WHERE day = ? ORDER BY issuedAt", arguments: [day.description])
        }
    }
}

extension HallDatabase {
    /// The journal entries of `[start, end)` by their time, oldest first: what the period statistics
    /// and the reports fold (a month of a busy hall is some tens of thousands of rows).
    public func entries(from start: Date, to end: Date) throws -> [JournalEntry] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, at, body FROM events WHERE at >= ? AND at < ? ORDER BY seq",
                arguments: [start.millis, end.millis]
            ).map(HallDatabase.entry)
        }
    }

    /// When the journal begins: the hall's first entry, nil while it is empty.
    public func firstEntryTime() throws -> Date? {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(at) FROM events").map(Date.init(millis:)) }
    }

    /// The window at which each case was accepted, by case number (from the visits' outcomes).
    public func caseWindows() throws -> [String: Int] {
        try pool.read { db in
            var windows: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT caseNumber, window FROM visitOutcomes WHERE caseNumber IS NOT NULL") {
                windows[row["caseNumber"]] = row["window"]
            }
            return windows
        }
    }
}
