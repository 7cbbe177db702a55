import Foundation
import Logging
import ServiceLifecycle

/// Advances the hall's clock once a second: day rollover, ratings whose time ran out.
struct HallTicker: ServiceLifecycle.Service {
    let hall: Hall
    let logger: Logger

    func run() async throws {
        // Graceful shutdown cancels the sleep: that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                do { try await hall.tick() } catch { logger.error("tick failed", metadata: ["error": "\(error)"]) }
            }
        }
    }
}
