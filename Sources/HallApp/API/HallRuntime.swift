import Foundation
import HallConfig
import HallCore
import HallDevices
import HallStore
import Logging
import Prometheus

/// Everything the routes and services share.
public struct HallRuntime: Sendable {
    public let hall: Hall
    public let database: HallDatabase
    public let sessions: Sessions
    public let issueLimiter: RateLimiter
    public let metrics: PrometheusCollectorRegistry
    public let clock: any HallClock
    public let logger: Logger
    /// Printers, buttons, buses and scanners.
    public let devices: DeviceHub
    /// How long the kiosk's ticket answer waits for the paper before it says `pending`.
    public var ticketPrintDeadline: Duration = PrintReport.kioskDeadline
    // MARK: limits (harden)
    /// The hall file's `limits:` as stored at start: printer holds (the printing service) and the
    /// live feed's bounds (set on the event bus's connections by ``HallBootstrap``).
    public var limits: HallLimits = .default

    public init(
        hall: Hall, database: HallDatabase, clock: any HallClock, issueLimit: (perMinute: Int, burst: Int),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger, devices: DeviceHub
    ) {
        self.hall = hall
        self.devices = devices
        self.database = database
        self.clock = clock
        self.sessions = Sessions(database: database, clock: clock)
        self.issueLimiter = RateLimiter(perMinute: issueLimit.perMinute, burst: issueLimit.burst)
        self.metrics = metrics
        self.logger = logger
    }

    /// Eight characters a resident can read off a ticket without confusing 0/O or 1/I/L.
    static func ticketCode() -> String {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        // One draw from the system generator (one getrandom call) gives all eight characters.
        var bits = UInt64.random(in: .min ... .max)
        var code = ""
        for _ in 0..<8 {
            code.append(alphabet[Int(bits % UInt64(alphabet.count))])
            bits /= UInt64(alphabet.count)
        }
        return code
    }
}
