import Foundation
import HallCore
import Logging
import ServiceLifecycle

extension Hall {
    /// Releases the appointments whose grace period ran out (journaled as missed, and counted);
    /// returns how many. Journals nothing when there are none.
    @discardableResult
    public func releaseMissedAppointments() async throws -> Int {
        guard (try? state.decide(.appointment(.releaseMissed), at: clock.now()))?.isEmpty == false else { return 0 }
        return try await execute(.appointment(.releaseMissed)).count
    }
}

/// Every half minute, releases the appointments not checked in within the grace period after their
/// slot started (预约逾期释放), so the staff list and the statistics count them as missed.
struct AppointmentReleaseService: ServiceLifecycle.Service {
    let hall: Hall
    let logger: Logger
    var interval: Duration = .seconds(30)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await hall.releaseMissedAppointments()
                } catch {
                    logger.error("releasing missed appointments failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
