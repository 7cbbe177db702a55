import Foundation
import HallStore
import Testing

/// Sessions as the store keeps them: by token hash, with the password they were opened with, and
/// purged once expired.
@Suite("Account sessions in the store")
struct AccountSessionTests {
    func session(_ hash: String, expires: Int64) -> SessionRecord {
        SessionRecord(tokenHash: hash, username: "admin", window: nil, createdAt: 0, expiresAt: expires, credential: "c")
    }

    @Test("expired sessions are purged, live ones kept; an expired session is not found")
    func purge() throws {
        let store = try TemporaryDatabase()
        let db = store.database
        try db.saveAccount(AccountRecord(username: "admin", passwordHash: "h", role: .admin, staffID: nil))
        try db.saveSession(session("old", expires: 1_000))
        try db.saveSession(session("live", expires: 5_000))
        #expect(try db.session(tokenHash: "old", now: Date(millis: 2_000)) == nil)
        #expect(try db.purgeExpiredSessions(now: Date(millis: 2_000)) == 1)
        #expect(try db.storedSessions().map(\.tokenHash) == ["live"])
        #expect(try db.session(tokenHash: "live", now: Date(millis: 2_000))?.credential == "c")
    }

    @Test("removing an account deletes its sessions")
    func cascade() throws {
        let store = try TemporaryDatabase()
        let db = store.database
        try db.saveAccount(AccountRecord(username: "admin", passwordHash: "h", role: .admin, staffID: nil))
        try db.saveSession(session("s", expires: 5_000))
        try db.replaceHall(
            configuration: StoreFixture.configuration,
            accounts: [AccountRecord(username: "other", passwordHash: "h", role: .admin, staffID: nil)], evaluatorTokens: [:],
            settings: [:])
        #expect(try db.storedSessions().isEmpty)
    }
}
