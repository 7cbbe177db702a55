import Foundation
import HallCore
import Logging
import ServiceLifecycle

/// Deletes spoken calls of earlier days from the voice cache: at start, then every `interval`, so
/// yesterday's files go even on a day when nothing is called.
struct VoicePurgeService: ServiceLifecycle.Service {
    let hall: Hall
    let directory: String
    let logger: Logger
    var interval: Duration = .seconds(15 * 60)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await purgeOnce()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: everything but today's folder goes.
    func purgeOnce() async {
        guard let today = await hall.today else { return }
        let deleted = VoiceCache.purge(directory, keeping: today)
        if !deleted.isEmpty { logger.info("voice cache: deleted \(deleted.joined(separator: ", "))") }
    }
}
