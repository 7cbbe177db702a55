import Foundation
import Logging
import ServiceLifecycle

/// Advances the hall's clock once a second: day rollover, ratings whose time ran out.
///
/// While ticks fail (the journal cannot be written, and each tick is then the hall's attempt to
/// recover), the ticker waits twice as long after each failure, up to ``maxInterval``: a failing
/// disk is not hammered every second and the log is not flooded; the first success brings it back
/// to once a second.
struct HallTicker: ServiceLifecycle.Service {
    let hall: Hall
    let logger: Logger
    var interval: Duration = .seconds(1)
    var maxInterval: Duration = .seconds(60)

    /// How long to wait after `failures` ticks failed in a row.
    func delay(afterFailures failures: Int) -> Duration {
        var delay = interval
        for _ in 0..<min(failures, 16) where delay < maxInterval { delay *= 2 }
        return min(delay, maxInterval)
    }

    func run() async throws {
        // Graceful shutdown cancels the sleep: that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                try await Task.sleep(for: delay(afterFailures: failures))
                do {
                    try await hall.tick()
                    failures = 0
                } catch {
                    failures += 1
                    logger.error(
                        "tick failed",
                        metadata: ["error": "\(error)", "failures": "\(failures)", "next": "\(delay(afterFailures: failures))"])
                }
            }
        }
    }
}
