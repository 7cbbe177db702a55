import Foundation
import GRDB

/// Who may log in: administrators configure and read statistics, clerks act on their window.
public struct AccountRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "accounts"

    public enum Role: String, Codable, Sendable {
        case admin
        case clerk
    }

    public var username: String
    /// A bcrypt hash; the password itself is never stored.
    public var passwordHash: String
    public var role: Role
    public var staffID: String?

    public init(username: String, passwordHash: String, role: Role, staffID: String?) {
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.staffID = staffID
    }
}

/// A logged-in session, found by the token in the session cookie.
public struct SessionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    public var token: String
    public var username: String
    /// The window a clerk logged in to.
    public var window: Int?
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(token: String, username: String, window: Int?, createdAt: Int64, expiresAt: Int64) {
        self.token = token
        self.username = username
        self.window = window
        self.createdAt = createdAt
        self.expiresAt = expiresAt
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

    /// The session for `token` if it has not expired at `now`.
    public func session(token: String, now: Date) throws -> SessionRecord? {
        try pool.read { db in
            try SessionRecord.filter(Column("token") == token && Column("expiresAt") > now.millis).fetchOne(db)
        }
    }

    public func deleteSession(token: String) throws {
        _ = try pool.write { db in try SessionRecord.deleteOne(db, key: token) }
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
