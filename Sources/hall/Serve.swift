import ArgumentParser
import Foundation
import HallApp
import HallConfig
import HallCore
import HallStore
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the hall: API, live feed and timers, until SIGTERM.")

    @Option(
        help: """
            The hall file (YAML) that seeds an empty database. Default: /etc/servicehall/hall.yaml when installed, \
            Halls/demo-hall.yaml in a checkout.
            """)
    var config: String?

    @Option(help: "Where the hall keeps its database. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    @Option(help: "The TCP port to listen on.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "0.0.0.0"

    @Option(
        help: """
            Start the hall's clock at this instant and let it run, for demos and tests: ISO 8601 \
            (2026-11-23T09:00:00+08:00), or `opening` for the hall's next opening time from now.
            """)
    var startAt: String?

    @Option(help: "Override the tickets a kiosk may take per minute (0: no limit), e.g. for benchmarks.")
    var issueRateLimit: Int?

    @Option(
        help: """
            On first start (a new data folder), generate this many days before the clock's day as history, \
            through the hall's own commands. Default: 30 for the demo hall, 0 for any other hall file.
            """)
    var historyDays: Int?

    @Option(
        help: """
            The Layouts folder; the screens' pages, styles and scripts are served from its screens/ folder. \
            Default: /usr/share/servicehall/Layouts when installed, Layouts in a checkout.
            """)
    var layouts: String?

    @Option(
        help:
            "The device profiles folder (printers/, buttons/). Default: /usr/share/servicehall/Devices when installed, Devices in a checkout."
    )
    var devices: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        // A write to a pipe or socket whose reader went away (a child process that ended early, a
        // peer gone) must fail that write with EPIPE, not end the hall: the default action of
        // SIGPIPE kills the process without a word (exit 141), and every screen with it.
        signal(SIGPIPE, SIG_IGN)
        LoggingSystem.bootstrap { label in LazyMetadataLogHandler(StreamLogHandler.standardError(label: label)) }
        var logger = Logger(label: "hall")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let clock: any HallClock
        var startClock: (@Sendable (HallSchedule) -> any HallClock)?
        if startAt == "opening" {
            clock = SystemHallClock()
            startClock = { schedule in
                let now = Date()
                return ShiftedHallClock(startingAt: schedule.openInstant(atOrAfter: now) ?? now)
            }
        } else if let startAt {
            guard let start = ISO8601DateFormatter().date(from: startAt) else {
                throw ValidationError("--start-at must be an ISO 8601 time such as 2026-11-23T09:00:00+08:00")
            }
            clock = ShiftedHallClock(startingAt: start)
        } else {
            clock = SystemHallClock()
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let paths = InstalledPaths.current
        let dataDir = dataDir ?? paths.dataDirectory
        let layouts = layouts ?? paths.layoutsDirectory
        let catalog = DeviceCatalog(
            devicesDirectory: URL(fileURLWithPath: devices ?? paths.devicesDirectory), layoutsDirectory: URL(fileURLWithPath: layouts))
        // Held until the process ends: `hall restore` refuses while it is held, and a second hall on
        // the same data folder stops here instead of sharing the database.
        let held: DataDirectoryLock?
        do {
            held = try DataDirectoryLock.acquire(in: dataDir)
        } catch {
            throw failure("无法使用数据目录 \(dataDir)：\(error)\nCannot use the data folder \(dataDir): \(error)")
        }
        guard let lock = held else {
            throw failure("另一个 hall 正在使用数据目录 \(dataDir)。\nAnother hall is already running on \(dataDir).")
        }
        defer { lock.release() }
        let runtime: HallRuntime
        do {
            runtime = try await HallBootstrap.open(
                configPath: config, dataDir: dataDir, clock: clock, startClock: startClock,
                issueLimitOverride: issueRateLimit.map { RateLimit(perMinute: $0, burst: max(5, $0 / 10)) }, historyDays: historyDays,
                logger: logger,
                metrics: registry, catalog: catalog)
        } catch let errors as ConfigErrors {
            throw ValidationError("the hall file has problems:\n\(errors)")
        } catch let problem as HallDatabaseProblem {
            throw failure(problem.description, exitCode: 2)
        }
        let screens = ScreenSettings(
            layoutsDirectory: layouts, dataDirectory: dataDir,
            photosBase: ((config ?? paths.hallFile) as NSString).deletingLastPathComponent)
        let app = HallServer.application(runtime: runtime, host: host, port: port, screens: screens) { actualPort in
            // One line on stdout that scripts and tests wait for (the port matters with --port 0).
            FileHandle.standardOutput.write(Data("ServiceHall ready on port \(actualPort)\n".utf8))
        }
        // MARK: county (县级汇聚): with `county:` in the hall file, the journal is forwarded beside the hall.
        guard let county = try CountyLaunch.forwarder(runtime: runtime, logger: logger) else {
            try await app.runService()
            return
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: county)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Check a hall file and report every problem with its line.")

    @Argument(help: "The hall file (YAML).")
    var file: String

    func run() throws {
        do {
            let hall = try HallFileLoader.load(path: file, profiles: try? DeviceCatalog().knownProfiles())
            let c = hall.configuration
            let d = hall.devices
            print(
                "\(file): OK — \(c.name.zh): \(c.services.count) services, \(c.windows.count) windows, \(c.staff.count) staff, \(hall.accounts.count) accounts, \(d.printers.count) printers, \(d.buttons.count) button devices, \(d.buses.count) buses, \(d.scanners.count) scanners"
            )
        } catch {
            for problem in error.problems { print(problem) }
            print("\(error.problems.count) problem(s) in \(file)")
            throw ExitCode(1)
        }
    }
}
