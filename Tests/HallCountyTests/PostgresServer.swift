import Foundation
import Logging
import PostgresNIO
import Testing

@testable import HallCounty

/// A real PostgreSQL server of Debian's postgresql-15 for one test: `initdb` into a temporary
/// folder, `pg_ctl start` on a free loopback port, trust authentication for the user `county`.
/// When the programs are missing the test fails naming the package (never skips).
final class PostgresServer: @unchecked Sendable {
    static let binDirectory = "/usr/lib/postgresql/15/bin"
    let directory: String
    let port: Int
    let logger = Logger(label: "county-test")

    /// Starts a server. initdb and pg_ctl take seconds (more on a loaded machine): they are waited
    /// for on a thread of their own, never on the two cooperative threads the other tests share.
    static func launch() async throws -> PostgresServer {
        try await offPool { try PostgresServer() }
    }

    private init() throws {
        let initdb = "\(Self.binDirectory)/initdb"
        try #require(
            FileManager.default.isExecutableFile(atPath: initdb),
            "\(initdb) is missing: apt-get install postgresql-15 (listed in scripts/apt-packages/county.txt; `make test` installs it)")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("county-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        if geteuid() == 0 {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            try Self.run("/bin/chown", ["postgres:postgres", directory])
        }
        try runAsOwner(initdb, ["-D", "\(directory)/data", "-U", "county", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"])
        try startNow()
    }

    deinit {
        try? runAsOwner("\(Self.binDirectory)/pg_ctl", ["-D", "\(directory)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The URL the halls and the county server use.
    var url: String { "postgres://county@127.0.0.1:\(port)/postgres?sslmode=disable" }

    /// Starts the stopped server again (off the cooperative threads).
    func start() async throws {
        try await Self.offPool { try self.startNow() }
    }

    private func startNow() throws {
        try runAsOwner(
            "\(Self.binDirectory)/pg_ctl",
            [
                "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-t", "60", "-o",
                "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=50",
                "start",
            ])
    }

    /// Stops the server at once, dropping its connections (`-m fast`), as an outage would.
    func stop() async throws {
        try await Self.offPool {
            try self.runAsOwner("\(Self.binDirectory)/pg_ctl", ["-D", "\(self.directory)/data", "-m", "fast", "-w", "stop"])
        }
    }

    /// Runs `body` on a new thread and returns its result, leaving the cooperative pool free.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs `body` with the county's queries on a pool of this server, as the county server makes them.
    func withQueries<T: Sendable>(_ body: (CountyQueries) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try CountyTarget(url: url).clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(CountyQueries(client: client, logger: logger))
        }
    }

    /// A connection as `county` to the database `postgres`.
    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(host: "127.0.0.1", port: port, username: "county", password: nil, database: "postgres", tls: .disable),
            id: Int.random(in: 1...1_000_000), logger: logger)
    }

    private func runAsOwner(_ program: String, _ arguments: [String]) throws {
        if geteuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
        } else {
            try Self.run(program, arguments)
        }
    }

    /// Runs `program` to its end with posix_spawn and waitpid (not Foundation's Process, whose
    /// waiting can stall when the cooperative threads are all busy), output into a log file.
    static func run(_ program: String, _ arguments: [String]) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("county-pg-cmd-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failed(command: program, output: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // Exited normally with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failed(command: ([program] + arguments).joined(separator: " "), output: text)
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command) failed: \(output)" }
    }

    /// A loopback port nobody listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failed(command: "bind", output: String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension PostgresConnection {
    /// The rows of a query decoded as `T`, for assertions.
    func all<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type, logger: Logger) async throws -> [T] {
        var out: [T] = []
        for try await value in try await self.query(query, logger: logger).decode(T.self) { out.append(value) }
        return out
    }
}
