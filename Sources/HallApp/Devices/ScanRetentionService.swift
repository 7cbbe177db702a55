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
