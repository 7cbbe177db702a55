import ArgumentParser
import Foundation
import HallApp
import HallConfig
import HallCounty
import HallStore
import Hummingbird
import Logging
import PostgresNIO

/// `hall county …`: the county's side of issue 13 (its database, server and administrators) and
/// the hall's forwarding status.
struct CountyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "county", abstract: "The county (县级): forwarding status, the county's database, server and administrators.",
        subcommands: [
            CountyStatus.self, CountyServe.self, CountyMigrate.self, CountyAddAdmin.self, CountyHallReportCommand.self,
        ])
}

/// Starting the forwarder beside `hall serve`.
enum CountyLaunch {
    /// The forwarder when the hall file has `county:`, nil when it has not; a link that cannot be
    /// used (bad URL, unreadable env file) stops the hall with the reason.
    static func forwarder(runtime: HallRuntime, logger: Logger) throws -> CountyForwarder? {
        guard let link = try runtime.database.setting(HallDatabase.countyLinkKey, as: CountyLink.self) else { return nil }
        let target: CountyTarget
        do {
            target = try CountyTarget(url: link.url, envFile: link.envFile)
        } catch {
            throw failure("county: \(error)")
        }
        var log = logger
        log[metadataKey: "part"] = "county"
        // Tuning (docs/county.md): entries per transaction and entries per second while a backlog drains.
        var options = CountyForwarder.Options()
        let environment = ProcessInfo.processInfo.environment
        if let batch = environment["SERVICEHALL_COUNTY_BATCH"].flatMap(Int.init), batch > 0 { options.batchSize = batch }
        if let rate = environment["SERVICEHALL_COUNTY_RATE"].flatMap(Int.init), rate > 0 { options.maximumRate = rate }
        // The hall's own clock: the county measures the hall's waits on it.
        return CountyForwarder(
            database: runtime.database, target: target, hallID: link.hallID, options: options, clock: runtime.clock, logger: log)
    }
}

struct CountyStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print how far this hall's journal has reached the county (the forwarding lag).")

    @Option(help: "The hall's data folder. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    func run() throws {
        let dataDir = dataDir ?? InstalledPaths.current.dataDirectory
        let database = try HallDatabase(path: (dataDir as NSString).appendingPathComponent("hall.sqlite"))
        let link = try database.setting(HallDatabase.countyLinkKey, as: CountyLink.self)
        guard let link else {
            print("本大厅未配置县级汇聚（county:）。\nThis hall forwards nothing: no county: in its hall file.")
            throw ExitCode(1)
        }
        let target = (try? CountyTarget(url: link.url, envFile: link.envFile))?.display ?? "(unusable url)"
        guard let lag = try database.countyLag(now: Date()) else {
            print("县级汇聚：\(target)，大厅 \(link.hallID)：尚未开始转发。\nCounty \(target), hall \(link.hallID): forwarding has not started yet.")
            return
        }
        let contact = lag.contactAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
        print(
            """
            县级汇聚 county: \(target)  hall_id: \(lag.hallID)
            已转发至 forwarded up to: seq \(lag.forwardedSeq)
            滞后 lag: \(lag.events) events, \(lag.seconds) s
            最近联系 last contact: \(contact)
            """)
        if let error = lag.error { print("最近错误 last error: \(error)") }
    }
}

/// Options every county-side command shares.
struct CountyDatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("postgres"),
        help: "The county database: postgres://user[:password]@host:port/database (or SERVICEHALL_COUNTY_PASSWORD).")
    var url: String

    func target() throws -> CountyTarget {
        do { return try CountyTarget(url: url) } catch { throw failure("\(error)") }
    }

    func withConnection<T: Sendable>(_ work: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let logger = Logger(label: "county")
        let connection = try await PostgresConnection.connect(configuration: try target().connectionConfiguration(), id: 1, logger: logger)
        do {
            let value = try await work(connection, logger)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

struct CountyMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the county database's schema.")

    @OptionGroup var database: CountyDatabaseOptions

    func run() async throws {
        try await database.withConnection { connection, logger in try await CountySchema.migrate(connection, logger: logger) }
        print("county database schema up to date")
    }
}

struct CountyAddAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-admin",
        abstract: "Create a county administrator or set a new password (read from SERVICEHALL_COUNTY_ADMIN_PASSWORD or standard input).")

    @OptionGroup var database: CountyDatabaseOptions

    @Option(help: "The administrator's login name.")
    var username: String

    @Option(help: "The one hall (its hall_id) the account sees; without it, the whole county.")
    var hall: String?

    func run() async throws {
        let password =
            ProcessInfo.processInfo.environment["SERVICEHALL_COUNTY_ADMIN_PASSWORD"]
            ?? readLine(strippingNewline: true) ?? ""
        let target = try database.target()
        let logger = Logger(label: "county")
        let client = PostgresClient(configuration: try target.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await CountySchema.migrate(client, logger: logger)
            do {
                try await CountyAccounts(client: client, logger: logger).setPassword(username: username, password: password, hall: hall)
            } catch let problem as CountyAccounts.Problem {
                throw failure(problem.description)
            }
        }
        print("county administrator \(username) saved" + (hall.map { ", limited to hall \($0)" } ?? ""))
    }
}

struct CountyServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the county's server: every hall today, comparisons and the monthly report, until SIGTERM.")

    @OptionGroup var database: CountyDatabaseOptions

    @Option(help: "The TCP port to listen on.")
    var port = 8090

    @Option(help: "The address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "The Layouts folder (the page is screens/county.html). Default: as for hall serve.")
    var layouts: String?

    func run() async throws {
        let logger = Logger(label: "county")
        let client = PostgresClient(configuration: try database.target().clientConfiguration(), backgroundLogger: logger)
        let app = CountyServer.application(
            client: client, host: host, port: port, layouts: layouts ?? InstalledPaths.current.layoutsDirectory, logger: logger
        ) { actualPort in
            FileHandle.standardOutput.write(Data("ServiceHall county ready on port \(actualPort)\n".utf8))
        }
        try await database.withConnection { connection, logger in try await CountySchema.migrate(connection, logger: logger) }
        try await app.runService()
    }
}
