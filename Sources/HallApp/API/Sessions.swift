import Foundation
import HallStore
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Logins and sessions: bcrypt-hashed passwords, random session tokens of which only the SHA-256
/// is kept (in the database, and cached in memory).
///
/// A session is only as good as its account: every request reads the account afresh, so an account
/// the administrator removed, or whose password changed, ends its sessions on its next request, and
/// a changed role or staff member applies at once. Logins are throttled per address and per
/// username (``LoginThrottle``) and at most ``bcryptCapacity`` password checks run at once.
public final class Sessions: Sendable {
    public static let cookieName = "hall_session"
    /// A clerk's shift and then some.
    public static let lifetime: TimeInterval = 12 * 3600
    /// Password checks running at once; more are refused (503) rather than queued.
    public static let bcryptCapacity = 4
    /// Cached sessions at most; beyond it the cache starts afresh from the database.
    static let cacheCapacity = 4096
    let database: HallDatabase
    let clock: any HallClock
    let throttle: LoginThrottle
    let bcrypt: WorkGate
    private let cache = Mutex<[String: SessionRecord]>([:])

    init(database: HallDatabase, clock: any HallClock, throttle: LoginThrottle = LoginThrottle(), bcrypt: WorkGate? = nil) {
        self.database = database
        self.clock = clock
        self.throttle = throttle
        self.bcrypt = bcrypt ?? WorkGate(capacity: Sessions.bcryptCapacity)
    }

    /// bcrypt at cost 11: about 0.1 s on this hardware, off the event loops.
    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: 11) }
    }

    /// A successful login: the cookie's token (given to the client once, never stored), the session and its account.
    struct Opened {
        var token: String
        var session: SessionRecord
        var account: AccountRecord
    }

    /// Checks the password and opens a session; nil when the username or password is wrong.
    ///
    /// Throws ``LoginThrottle/Throttled`` while `address` or `username` must wait, and
    /// ``WorkGate/Full`` when every password check place is taken; neither runs bcrypt.
    func login(username: String, password: String, window: Int?, address: String) async throws -> Opened? {
        let now = clock.now()
        if let wait = throttle.wait(address: address, username: username, now: now) {
            throw LoginThrottle.Throttled(retryAfter: wait)
        }
        let account = try database.account(username)
        // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
        let hash = account?.passwordHash ?? "$2b$11$C6UzMDM.H6dfI/f/IKxGhuM6bXAdy3nPqTm3Q0RQWzKhZ1s6xQE7a"
        let ok = try await bcrypt.run { try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) } }
        guard ok, let account else {
            throttle.failed(address: address, username: username, now: clock.now())
            return nil
        }
        throttle.succeeded(username: username)
        try database.purgeExpiredSessions(now: now)
        let token = Sessions.newToken()
        let session = SessionRecord(
            tokenHash: TokenHash.sha256(token), username: account.username, window: window, createdAt: now.millis,
            expiresAt: now.addingTimeInterval(Sessions.lifetime).millis, credential: Sessions.credential(of: account))
        try database.saveSession(session)
        remember(session, now: now)
        return Opened(token: token, session: session, account: account)
    }

    func logout(token: String) throws {
        let key = TokenHash.sha256(token)
        _ = cache.withLock { $0.removeValue(forKey: key) }
        try database.deleteSession(tokenHash: key)
    }

    /// The live session for `token` with its account as it is now, or nil when the session expired,
    /// its account is gone or its password changed (then the session is deleted).
    func lookup(token: String) throws -> (SessionRecord, AccountRecord)? {
        let now = clock.now()
        let key = TokenHash.sha256(token)
        var session = cache.withLock { $0[key] }
        if session == nil {
            session = try database.session(tokenHash: key, now: now)
            if let session { remember(session, now: now) }
        }
        guard let session else { return nil }
        guard session.expiresAt > now.millis, let account = try database.account(session.username),
            Sessions.credential(of: account) == session.credential
        else {
            _ = cache.withLock { $0.removeValue(forKey: key) }
            try database.deleteSession(tokenHash: key)
            return nil
        }
        return (session, account)
    }

    private func remember(_ session: SessionRecord, now: Date) {
        cache.withLock { cache in
            if cache.count >= Sessions.cacheCapacity { cache = cache.filter { $0.value.expiresAt > now.millis } }
            if cache.count >= Sessions.cacheCapacity { cache = [:] }
            cache[session.tokenHash] = session
        }
    }

    /// Which password a session was opened with: a SHA-256 of the account's bcrypt hash.
    static func credential(of account: AccountRecord) -> String { TokenHash.sha256(account.passwordHash) }

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
