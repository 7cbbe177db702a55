import Foundation
import HallCore
import Logging
import ServiceLifecycle

/// Deletes scans past the retention period: at start, then once a day.
struct ScanRetentionService: ServiceLifecycle.Service {
    let desk: ScanDesk
    let clock: any HallClock
    let logger: Logger
    var interval: Duration = .seconds(24 * 60 * 60)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let purged = try desk.purge(now: clock.now())
                    if !purged.isEmpty { logger.info("scan retention: deleted \(purged.count) scan(s)") }
                } catch {
                    logger.error("scan retention purge failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
        desk.shutdown()
    }
}

extension HallRuntime {
    /// The device services: printing always, buttons when any are configured, scan retention.
    func deviceServices() -> [any ServiceLifecycle.Service] {
        var services: [any ServiceLifecycle.Service] = [PrintingService(hall: hall, devices: devices, logger: logger)]
        let sources = devices.buttonSources(logger: logger)
        if !sources.isEmpty { services.append(ButtonService(hall: hall, sources: sources, logger: logger)) }
        services.append(ScanRetentionService(desk: devices.scanDesk, clock: clock, logger: logger))
        return services
    }
}
