import Crypto
import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import PostgresNIO

/// The county's own administrators (县政务服务中心): bcrypt passwords, sessions kept as the SHA-256
/// of a random token (the token itself lives only in the browser's HttpOnly cookie).
public struct CountyAccounts: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// How long a session lasts.
    public static let sessionSeconds = 8 * 3600

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public enum Problem: Error, CustomStringConvertible {
        case shortPassword
        case badUsername

        public var description: String {
            switch self {
            case .shortPassword: "密码至少12个字符 / the password must have at least 12 characters"
            case .badUsername: "用户名只可含字母、数字、-、_ / the username may hold letters, digits, - and _ only"
            }
        }
    }

    /// Creates the account or sets its new password; `hall`: the one hall the account sees (nil:
    /// the whole county).
    public func setPassword(username: String, password: String, hall: String? = nil) async throws {
        guard !username.isEmpty, username.count <= 64,
            username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw Problem.badUsername }
        guard password.count >= 12 else { throw Problem.shortPassword }
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: 11) }
        try await client.query(
            """
            INSERT INTO county_accounts (username, password_hash, hall_id) VALUES (\(username), \(hash), \(hall))
            ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, hall_id = EXCLUDED.hall_id
            """, logger: logger)
        try await client.query("DELETE FROM county_sessions WHERE username = \(username)", logger: logger)
    }

    /// A new session's token when the password is right, else nil.
    public func login(username: String, password: String) async throws -> String? {
        var stored: String?
        for try await hash in try await client.query(
            "SELECT password_hash FROM county_accounts WHERE username = \(username)", logger: logger
        ).decode(String.self) {
            stored = hash
        }
        // An unknown name costs the same bcrypt as a wrong password, so names cannot be probed by timing.
        let hash = stored
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? Self.unknownUserHash) }
        guard ok, stored != nil else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try await client.query(
            """
            INSERT INTO county_sessions (token_hash, username, expires_at)
            VALUES (\(Self.digest(token)), \(username), now() + make_interval(secs => \(Self.sessionSeconds)))
            """, logger: logger)
        try await client.query("DELETE FROM county_sessions WHERE expires_at < now()", logger: logger)
        return token
    }

    /// The administrator a token belongs to, nil when unknown or expired.
    public func user(token: String) async throws -> String? { try await account(token: token)?.username }

    /// The administrator a token belongs to and the one hall the account sees (nil: the county).
    public func account(token: String) async throws -> (username: String, hall: String?)? {
        for try await (name, hall) in try await client.query(
            """
            SELECT s.username, a.hall_id FROM county_sessions s JOIN county_accounts a USING (username)
            WHERE s.token_hash = \(Self.digest(token)) AND s.expires_at > now()
            """, logger: logger
        ).decode((String, String?).self) {
            return (name, hall)
        }
        return nil
    }

    public func logout(token: String) async throws {
        try await client.query("DELETE FROM county_sessions WHERE token_hash = \(Self.digest(token))", logger: logger)
    }

    /// A hash no password matches, made once, checked against for unknown names.
    static let unknownUserHash = Bcrypt.hash(UUID().uuidString + UUID().uuidString, cost: 11)

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
