import Foundation
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
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
