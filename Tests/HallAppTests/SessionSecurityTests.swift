import Foundation
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@testable import HallApp

/// Issue 10 items 4 and 7: sessions follow the accounts the administrator saves, tokens are kept
/// only as hashes, expired sessions are purged; logins are throttled, bounded and logged.
@Suite("Sessions and logins")
struct SessionSecurityTests {
    /// Saves the running hall file with `change` applied to its accounts, as the administrator does.
    func saveAccounts(_ t: TestHall, client: some TestClientProtocol, admin: String, _ change: (inout [AccountSeed]) -> Void) async throws {
        var file = try await t.runtime.currentHallFile()
        change(&file.accounts)
        let saved = try await client.execute(
            uri: "/api/v1/config/hall-file", method: .put, headers: [.cookie: admin, .contentType: "application/yaml"],
            body: ByteBuffer(string: HallFileWriter.yaml(for: file)))
        #expect(saved.status == .ok, "\(String(buffer: saved.body))")
    }

    @Test("a removed account's session ends on its next request")
    func removedAccountLoggedOut() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            let clerk = try await client.login("clerk2", "clerk12345", window: 2)
            #expect(try await client.json(.get, "/api/v1/session", cookie: clerk).status == .ok)
            try await saveAccounts(t, client: client, admin: admin) { $0.removeAll { $0.username == "clerk2" } }
            #expect(try await client.json(.get, "/api/v1/session", cookie: clerk).status == .unauthorized)
            #expect(try await client.json(.post, "/api/v1/windows/2/open", cookie: clerk).status == .unauthorized)
            #expect(try await client.json(.get, "/api/v1/session", cookie: admin).status == .ok, "other sessions stay")
        }
    }

    @Test("a changed role applies to an open session at once; a changed password ends it")
    func roleAndPasswordChanges() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            #expect(try await client.json(.get, "/api/v1/config", cookie: admin).status == .ok)
            // The administrator is demoted to clerk: the open admin session can no longer configure.
            try await saveAccounts(t, client: client, admin: admin) { accounts in
                for i in accounts.indices where accounts[i].username == "clerk1" { accounts[i].role = .admin }
            }
            #expect(try await client.json(.get, "/api/v1/config", cookie: clerk).status == .ok, "clerk1 is an administrator now")
            try await saveAccounts(t, client: client, admin: clerk) { accounts in
                for i in accounts.indices where accounts[i].username == "admin" { accounts[i].role = .clerk }
            }
            #expect(try await client.json(.get, "/api/v1/config", cookie: admin).status == .forbidden, "admin was demoted")
            // A new password for clerk1: the session opened with the old one ends.
            let other = try await client.login("clerk2", "clerk12345", window: 2)
            let newHash = Bcrypt.hash("another-password-1", cost: 4)
            try await saveAccounts(t, client: client, admin: clerk) { accounts in
                for i in accounts.indices where accounts[i].username == "clerk1" { accounts[i].password = .bcrypt(newHash) }
            }
            #expect(try await client.json(.get, "/api/v1/session", cookie: clerk).status == .unauthorized)
            #expect(try await client.json(.get, "/api/v1/session", cookie: other).status == .ok, "unchanged accounts stay logged in")
            _ = try await client.login("clerk1", "another-password-1", window: 1)
        }
    }

    @Test("only the SHA-256 of a session token is stored")
    func tokensHashed() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let cookie = try await client.login("admin", "admin12345")
            let token = String(cookie.dropFirst("hall_session=".count))
            let stored = try t.runtime.database.storedSessions().map(\.tokenHash)
            #expect(stored == [TokenHash.sha256(token)])
            #expect(!stored.contains(token))
            #expect(TokenHash.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    @Test("expired sessions are refused and purged from the database")
    func expiredPurged() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let old = try await client.login("clerk1", "clerk12345", window: 1)
            #expect(try t.runtime.database.sessionCount() == 1)
            t.clock.advance(by: Sessions.lifetime + 60)
            #expect(try await client.json(.get, "/api/v1/session", cookie: old).status == .unauthorized)
            _ = try await client.login("clerk2", "clerk12345", window: 2)
            #expect(try t.runtime.database.sessionCount() == 1, "only the new session is left")
        }
    }

    @Test("repeated wrong passwords from one address answer 429 with Retry-After, even for the right password, until it passes")
    func addressThrottled() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            for _ in 0..<LoginThrottle.Policy.address.freeFailures {
                let wrong = try await client.json(.post, "/api/v1/session", #"{"username":"admin","password":"guess"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let locked = try await client.json(.post, "/api/v1/session", #"{"username":"admin","password":"admin12345"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body["error"] as? String == "login_throttled")
            let wait = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect(wait >= 1)
            t.clock.advance(by: TimeInterval(wait))
            _ = try await client.login("admin", "admin12345")
            // The address is still counted: one more failure waits twice as long.
            #expect(
                try await client.json(.post, "/api/v1/session", #"{"username":"clerk1","password":"x","window":1}"#).status == .unauthorized
            )
            let again = try await client.json(.post, "/api/v1/session", #"{"username":"clerk1","password":"clerk12345","window":1}"#)
            #expect(again.status == .tooManyRequests)
            #expect(again.headers[.retryAfter].flatMap { Int($0) } == wait * 2)
        }
    }

    @Test("one username guessed from many addresses is slowed down too; the back-off doubles up to its cap; quiet keys are forgotten")
    func usernameThrottled() {
        let throttle = LoginThrottle()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let free = LoginThrottle.Policy.username.freeFailures
        for i in 0..<free {
            #expect(throttle.wait(address: "10.0.0.\(i)", username: "admin", now: now) == nil)
            throttle.failed(address: "10.0.0.\(i)", username: "admin", now: now)
        }
        #expect(throttle.wait(address: "10.0.9.9", username: "Admin", now: now) == 2, "a fresh address still waits for this username")
        #expect(throttle.wait(address: "10.0.9.9", username: "clerk1", now: now) == nil, "other usernames are not affected")
        throttle.failed(address: "10.0.9.9", username: "admin", now: now.addingTimeInterval(2))
        #expect(throttle.wait(address: "10.0.9.8", username: "admin", now: now.addingTimeInterval(2)) == 4)
        for _ in 0..<20 { throttle.failed(address: "10.0.9.7", username: "admin", now: now.addingTimeInterval(10)) }
        #expect(throttle.wait(address: "10.0.9.6", username: "admin", now: now.addingTimeInterval(10)) == 300, "capped")
        #expect(throttle.wait(address: "10.0.9.7", username: "x", now: now.addingTimeInterval(10)) == 900, "the address's own cap")
        #expect(throttle.wait(address: "10.0.9.7", username: "admin", now: now.addingTimeInterval(10 + 3601)) == nil)
        throttle.succeeded(username: "admin")
        #expect(throttle.wait(address: "10.0.9.5", username: "admin", now: now.addingTimeInterval(10)) == nil)
    }

    @Test("when every password check place is taken a login answers 503 at once")
    func bcryptBounded() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let gate = t.runtime.sessions.bcrypt
            for _ in 0..<gate.capacity { #expect(gate.enter()) }
            let busy = try await client.json(.post, "/api/v1/session", #"{"username":"admin","password":"admin12345"}"#)
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.body["error"] as? String == "login_busy")
            #expect(busy.headers[.retryAfter] == "1")
            gate.leave()
            _ = try await client.login("admin", "admin12345")
            for _ in 1..<gate.capacity { gate.leave() }
        }
    }

    @Test("a failed login is logged with username and address, never the password")
    func failedLoginLogged() async throws {
        let t = try await TestHall()
        let lines = LogLines()
        let logger = Logger(label: "test.sessions") { _ in lines }
        let router = Router(context: HallRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware())
        router.addRoutes(SessionController(hall: t.hall, sessions: t.runtime.sessions, logger: logger).endpoints, atPath: "api/v1")
        try await Application(router: router).test(.router) { client in
            let r = try await client.json(.post, "/api/v1/session", #"{"username":"admin\nfake line","password":"Secret-Guess-42"}"#)
            #expect(r.status == .unauthorized)
        }
        let logged = lines.all
        #expect(logged.count == 1)
        let line = try #require(logged.first)
        #expect(line.contains("failed login"))
        #expect(line.contains(#"username=admin\nfake line"#), "the username, escaped onto one line: \(line)")
        #expect(line.contains("address="))
        #expect(!line.contains("Secret-Guess-42"))
    }
}

/// A log handler that keeps each message with its metadata as one line.
final class LogLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append("\(event.message) \(fields)") }
    }
}
