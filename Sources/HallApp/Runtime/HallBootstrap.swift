import Foundation
import HallConfig
import HallCore
import HallStore
import Logging
import Prometheus

/// Opens a hall from its data folder, seeding the database from the hall file on first start.
public enum HallBootstrap {
    /// The demo hall shipped in the repository.
    public static let demoHallFile = "Halls/demo-hall.yaml"

    /// Opens `dataDir/hall.sqlite`. On first start the hall file (`configPath`, else the installed
    /// `/etc/servicehall/hall.yaml` or, in a checkout, the demo hall)
    /// seeds services, windows, staff, schedule, accounts and evaluator tokens; after that the
    /// configuration lives in the database and the file is not read again.
    /// On first start, `historyDays` days before the clock's day are generated through the hall's
    /// commands (``HallHistory``); nil: ``HallHistory/demoDays`` for the demo hall, none for another.
    public static func open(
        configPath: String?, dataDir: String, clock: any HallClock, startClock: (@Sendable (HallSchedule) -> any HallClock)? = nil,
        issueLimitOverride: RateLimit? = nil, historyDays: Int? = nil, logger: Logger,
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), catalog: DeviceCatalog = DeviceCatalog()
    ) async throws -> HallRuntime {
        // The file's integrity check reads all of it (a year is ~164 MiB): it runs beside the loading
        // of the hall below, and nothing is written before it has passed.
        let database = try HallDatabase(path: (dataDir as NSString).appendingPathComponent("hall.sqlite"), check: .besideStart)
        var history = 0
        if try !database.isSeeded() {
            try await database.integrityChecked()
            let path = configPath ?? InstalledPaths.current.hallFile
            let file = try HallFileLoader.load(path: path, profiles: try catalog.knownProfiles())
            try await seed(database, from: file)
            logger.info("seeded the hall from \(path)")
            history = historyDays ?? (HallHistory.isDemoHall(path) ? HallHistory.demoDays : 0)
        } else if let configPath {
            logger.notice("configuration already in the database; \(configPath) is read only on first start")
        }
        // A clock that depends on the hall's own hours (e.g. the demo's "start when the hall opens").
        let clock = try startClock.map { make in try database.loadConfiguration().map { make($0.schedule) } ?? clock } ?? clock
        if history > 0 {
            let summary = try await HallHistory.generate(into: database, days: history, before: clock.now(), logger: logger)
            logger.info(
                "generated the \(history) days before the clock starts as history",
                metadata: ["days open": "\(summary.days)", "tickets": "\(summary.tickets)", "ratings": "\(summary.ratings)"])
        }
        let limit = try issueLimitOverride ?? database.setting("issueRateLimit", as: RateLimit.self) ?? .default
        let hall = try await openHall(on: database, clock: clock, logger: logger)
        // Start the day (or roll over from the last one) before the first request arrives.
        try await hall.tick()
        let setup = try database.setting(devicesSettingKey, as: DeviceSetup.self) ?? .none
        let devices = try DeviceHub(setup: setup, catalog: catalog, dataDirectory: dataDir)
        await devices.reportInitialStatuses(to: hall, logger: logger)
        var runtime = HallRuntime(
            hall: hall, database: database, clock: clock, issueLimit: (limit.perMinute, limit.burst), metrics: metrics, logger: logger,
            devices: devices)
        // MARK: limits (harden)
        runtime.limits = try database.setting(limitsSettingKey, as: HallLimits.self) ?? .default
        hall.bus.connections.limits = LiveFeedLimits(runtime.limits.liveFeed)
        return runtime
    }

    /// The hall rebuilt from `database` while the file's integrity check (``HallDatabase/IntegrityCheck/besideStart``)
    /// runs on the other core; returns once the check has passed. When the file is damaged, its
    /// problem is what is thrown, whatever the rebuild read meanwhile.
    public static func openHall(on database: HallDatabase, clock: any HallClock, logger: Logger) async throws -> Hall {
        let hall: Hall
        do {
            hall = try Hall(database: database, clock: clock, logger: logger)
        } catch {
            try await database.integrityChecked()
            throw error
        }
        try await database.integrityChecked()
        return hall
    }

    /// Writes a parsed hall file into an empty database. Plain passwords are hashed with bcrypt.
    public static func seed(_ database: HallDatabase, from file: HallFile) async throws {
        try database.saveConfiguration(file.configuration)
        for account in file.accounts {
            let hash: String =
                switch account.password {
                case .bcrypt(let hash): hash
                case .plain(let password): try await Sessions.hash(password)
                }
            let role = AccountRecord.Role(rawValue: account.role.rawValue) ?? .clerk
            try database.saveAccount(
                AccountRecord(
                    username: account.username, passwordHash: hash, role: role, staffID: account.staffID, windows: account.windows))
        }
        for (window, token) in file.evaluatorTokens {
            try database.saveDevice(token: token, kind: "evaluator", window: window)
        }
        try database.setSetting("issueRateLimit", file.issueRateLimit)
        try database.setSetting(devicesSettingKey, file.devices)
        // MARK: county (县级汇聚)
        if let county = file.county { try database.setSetting(HallDatabase.countyLinkKey, county) }
        try database.setSetting(limitsSettingKey, file.limits)
    }

    /// The settings key under which the hall file's `devices:` section is stored.
    public static let devicesSettingKey = "devices"
    /// The settings key under which the hall file's `limits:` section is stored.
    public static let limitsSettingKey = "limits"
}
