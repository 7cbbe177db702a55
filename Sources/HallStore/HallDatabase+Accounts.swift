import Foundation
import GRDB

/// Who may log in: administrators configure and read statistics, clerks act on their window.
public struct AccountRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "accounts"

    public enum Role: String, Codable, Sendable {
        case admin
        case clerk
        /// 咨询引导台: issues tickets for residents, grants priority after checking (特事特办 only
        /// here or by an administrator), logs consultations and home-service requests.
        case guide
    }

    public var username: String
    /// A bcrypt hash; the password itself is never stored.
    public var passwordHash: String
    public var role: Role
    public var staffID: String?
    /// The windows a clerk may log in to (stored as a JSON array); nil: any window of the hall.
    public var windows: [Int]?

    public init(username: String, passwordHash: String, role: Role, staffID: String?, windows: [Int]? = nil) {
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.staffID = staffID
        self.windows = windows
    }

    /// Whether this account may log in to window `number`: an administrator anywhere, a clerk at
    /// the windows the hall file gives it (every window when it gives none).
    public func mayTake(window number: Int) -> Bool {
        role == .admin || windows.map { $0.contains(number) } ?? true
    }
}

/// A logged-in session, found by the SHA-256 of the token in the session cookie; the token itself
/// is never stored.
public struct SessionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    /// SHA-256 (lowercase hex) of the cookie's token.
    public var tokenHash: String
    public var username: String
    /// The window a clerk logged in to.
    public var window: Int?
    public var createdAt: Int64
    public var expiresAt: Int64
    /// Which password the session was opened with (a SHA-256 of the account's bcrypt hash): when
    /// the account's password changes, the session no longer matches and ends.
    public var credential: String

    public init(tokenHash: String, username: String, window: Int?, createdAt: Int64, expiresAt: Int64, credential: String) {
        self.tokenHash = tokenHash
        self.username = username
        self.window = window
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.credential = credential
    }
}

extension HallDatabase {
    public func account(_ username: String) throws -> AccountRecord? {
        try pool.read { db in try AccountRecord.fetchOne(db, key: username) }
    }

    public func accounts() throws -> [AccountRecord] {
        try pool.read { db in try AccountRecord.order(Column("username")).fetchAll(db) }
    }

    public func saveAccount(_ account: AccountRecord) throws {
        try pool.write { db in try account.save(db) }
    }

    public func saveSession(_ session: SessionRecord) throws {
        try pool.write { db in try session.save(db) }
    }

    /// The session whose token hashes to `tokenHash`, if it has not expired at `now`.
    public func session(tokenHash: String, now: Date) throws -> SessionRecord? {
        try pool.read { db in
            try SessionRecord.filter(Column("tokenHash") == tokenHash && Column("expiresAt") > now.millis).fetchOne(db)
        }
    }

    public func deleteSession(tokenHash: String) throws {
        _ = try pool.write { db in try SessionRecord.deleteOne(db, key: tokenHash) }
    }

    /// Deletes the sessions that expired at or before `now`; returns how many.
    @discardableResult
    public func purgeExpiredSessions(now: Date) throws -> Int {
        try pool.write { db in try SessionRecord.filter(Column("expiresAt") <= now.millis).deleteAll(db) }
    }

    /// The unexpired sessions bound to window `window`, oldest first.
    public func sessions(window: Int, now: Date) throws -> [SessionRecord] {
        try pool.read { db in
            try SessionRecord.filter(Column("window") == window && Column("expiresAt") > now.millis).order(Column("createdAt")).fetchAll(db)
        }
    }

    /// Deletes the sessions with these token hashes.
    public func deleteSessions(tokenHashes: [String]) throws {
        _ = try pool.write { db in try SessionRecord.deleteAll(db, keys: tokenHashes) }
    }

    /// Every stored session, expired or not, oldest first.
    public func storedSessions() throws -> [SessionRecord] {
        try pool.read { db in try SessionRecord.order(Column("createdAt")).fetchAll(db) }
    }

    /// How many sessions are stored, expired or not.
    public func sessionCount() throws -> Int {
        try pool.read { db in try SessionRecord.fetchCount(db) }
    }

    /// The staff member who served a stored visit: `known` is false when there is no such visit.
    public func visitStaff(_ visitID: String) throws -> (known: Bool, staffID: String?) {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT staffID FROM visits WHERE id = ?", arguments: [visitID]) else {
                return (false, nil)
            }
            return (true, row["staffID"])
        }
    }

    /// Registers a device token (e.g. a window's evaluator) that may act for `window`.
    public func saveDevice(token: String, kind: String, window: Int) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO devices (token, kind, window) VALUES (?, ?, ?)", arguments: [token, kind, window])
        }
    }

    /// The window a device token acts for, with the device's kind.
    public func device(token: String) throws -> (kind: String, window: Int)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT kind, window FROM devices WHERE token = ?", arguments: [token])
                .map { ($0["kind"], $0["window"]) }
        }
    }
}
