import Foundation
import HallStore
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Logins and sessions: bcrypt-hashed passwords, random session tokens kept in the database and
/// cached in memory.
public final class Sessions: Sendable {
    public static let cookieName = "hall_session"
    /// A clerk's shift and then some.
    public static let lifetime: TimeInterval = 12 * 3600
    let database: HallDatabase
    let clock: any HallClock
    private let cache = Mutex<[String: (SessionRecord, AccountRecord)]>([:])

    init(database: HallDatabase, clock: any HallClock) {
        self.database = database
        self.clock = clock
    }

    /// bcrypt at cost 11: about 0.1 s on this hardware, off the event loops.
    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: 11) }
    }

    /// Checks the password and opens a session; nil when the username or password is wrong.
    func login(username: String, password: String, window: Int?) async throws -> (SessionRecord, AccountRecord)? {
        let account = try database.account(username)
        // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
        let hash = account?.passwordHash ?? "$2b$11$C6UzMDM.H6dfI/f/IKxGhuM6bXAdy3nPqTm3Q0RQWzKhZ1s6xQE7a"
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard ok, let account else { return nil }
        let now = clock.now()
        let session = SessionRecord(
            token: Sessions.newToken(), username: account.username, window: window, createdAt: now.millis,
            expiresAt: now.addingTimeInterval(Sessions.lifetime).millis)
        try database.saveSession(session)
        cache.withLock { $0[session.token] = (session, account) }
        return (session, account)
    }

    func logout(token: String) throws {
        _ = cache.withLock { $0.removeValue(forKey: token) }
        try database.deleteSession(token: token)
    }

    /// The live session for `token`, from the cache or the database.
    func lookup(token: String) throws -> (SessionRecord, AccountRecord)? {
        let now = clock.now()
        if let hit = cache.withLock({ $0[token] }) {
            if hit.0.expiresAt > now.millis { return hit }
            _ = cache.withLock { $0.removeValue(forKey: token) }
            return nil
        }
        guard let session = try database.session(token: token, now: now), let account = try database.account(session.username) else {
            return nil
        }
        cache.withLock { $0[token] = (session, account) }
        return (session, account)
    }

    /// 256 random bits, URL-safe.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The `Set-Cookie` value: HttpOnly, SameSite=Strict, whole site.
    static func cookie(token: String, maxAge: Int) -> String {
        "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
    }
}
