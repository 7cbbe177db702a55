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
        /// The clerks whose sessions at the window this login ended (`takeOver`).
        var tookOver: [AccountRecord] = []
    }

    /// The right password, but the hall file does not give this clerk that window.
    struct WindowNotAllowed: Error {}

    /// Another clerk holds the window (a live session bound to it) and the login did not ask to take over.
    struct WindowTaken: Error {
        var holder: AccountRecord
    }

    /// Checks the password and opens a session; nil when the username or password is wrong.
    ///
    /// Throws ``LoginThrottle/Throttled`` while `address` or `username` must wait, and
    /// ``WorkGate/Full`` when every password check place is taken; neither runs bcrypt.
    ///
    /// A clerk logging in to a window must be allowed it (``WindowNotAllowed``); when another clerk
    /// holds it the login throws ``WindowTaken``, unless `takeOver` asks to end that clerk's session there.
    func login(username: String, password: String, window: Int?, takeOver: Bool = false, address: String) async throws -> Opened? {
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
        var tookOver: [AccountRecord] = []
        if account.role == .clerk, let window {
            guard account.mayTake(window: window) else { throw WindowNotAllowed() }
            let held = try holders(of: window, except: account.username, now: now)
            if let first = held.first, !takeOver { throw WindowTaken(holder: first.1) }
            let ended = held.map { $0.0.tokenHash }
            cache.withLock { cache in for key in ended { cache.removeValue(forKey: key) } }
            try database.deleteSessions(tokenHashes: ended)
            tookOver = held.map { $0.1 }
        }
        let token = Sessions.newToken()
        let session = SessionRecord(
            tokenHash: TokenHash.sha256(token), username: account.username, window: window, createdAt: now.millis,
            expiresAt: now.addingTimeInterval(Sessions.lifetime).millis, credential: Sessions.credential(of: account))
        try database.saveSession(session)
        remember(session, now: now)
        return Opened(token: token, session: session, account: account, tookOver: tookOver)
    }

    /// The other clerks' live sessions bound to `window`, with their accounts: a session whose
    /// account is gone, is no longer a clerk of that window or whose password changed holds nothing.
    private func holders(of window: Int, except username: String, now: Date) throws -> [(SessionRecord, AccountRecord)] {
        try database.sessions(window: window, now: now).compactMap { session in
            guard session.username != username, let account = try database.account(session.username), account.role == .clerk,
                account.mayTake(window: window), Sessions.credential(of: account) == session.credential
            else { return nil }
            return (session, account)
        }
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
