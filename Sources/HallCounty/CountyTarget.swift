import Foundation
import NIOSSL
import PostgresNIO

/// Where the county's PostgreSQL is and how to log in: parsed from `postgres://user:pass@host:port/db`,
/// with the user and password optionally from the environment (`SERVICEHALL_COUNTY_USER`,
/// `SERVICEHALL_COUNTY_PASSWORD`) or an environment file, so the hall file need not hold them.
public struct CountyTarget: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `sslmode=disable|prefer|require` in the URL; prefer when absent.
    public var sslMode: String

    public enum Problem: Error, CustomStringConvertible {
        case badURL(String)
        case unreadableEnvFile(String)

        public var description: String {
            switch self {
            case .badURL(let why): "county url: \(why) (postgres://user@host:5432/database)"
            case .unreadableEnvFile(let path): "cannot read the county environment file \(path)"
            }
        }
    }

    /// Parses `url`; `environment` (the process's, plus the env file's lines) fills in a missing user
    /// or password. Nothing of the password is ever logged or shown.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment, envFile: String? = nil) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw Problem.badURL("must start with postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw Problem.badURL("no host") }
        var env = environment
        if let envFile {
            guard let text = try? String(contentsOfFile: envFile, encoding: .utf8) else { throw Problem.unreadableEnvFile(envFile) }
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
                let key = String(trimmed[..<eq]).trimmingCharacters(in: .whitespaces)
                var value = String(trimmed[trimmed.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                    value = String(value.dropFirst().dropLast())
                }
                env[key] = value
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? env["SERVICEHALL_COUNTY_USER"]
        guard let user, !user.isEmpty else { throw Problem.badURL("no user (in the url or SERVICEHALL_COUNTY_USER)") }
        self.username = user
        self.password = components.password.flatMap { $0.removingPercentEncoding } ?? env["SERVICEHALL_COUNTY_PASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty else { throw Problem.badURL("no database name") }
        self.database = path
        self.sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else { throw Problem.badURL("sslmode must be disable, prefer or require") }
    }

    /// The URL without its password, for logs and status lines.
    public var display: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    func tls() throws -> PostgresConnection.Configuration.TLS {
        switch sslMode {
        case "disable": return .disable
        case "require": return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// One connection's configuration (the forwarder holds one connection).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var c = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tls())
        c.options.connectTimeout = .seconds(5)
        return c
    }

    /// A pool's configuration (the county server).
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        var c = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: sslMode == "disable"
                ? .disable : sslMode == "require" ? .require(.makeClientConfiguration()) : .prefer(.makeClientConfiguration()))
        c.options.connectTimeout = .seconds(5)
        return c
    }
}
