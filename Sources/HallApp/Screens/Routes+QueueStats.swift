import Foundation
import HallCore
import Hummingbird

/// Today's queue figures for one service (or the whole hall).
struct QueueFigures: Encodable {
    var key: String
    var issued = 0
    var waiting = 0
    var served = 0
    var noShows = 0
    var cancelled = 0
    /// Mean seconds from ticket to first call, over called visits.
    var averageWaitSeconds: Int?
    var longestWaitSeconds: Int?
    /// Mean seconds from start of service to finish, over finished visits.
    var averageServiceSeconds: Int?
}

struct QueueStatsResponse: Encodable {
    var day: LocalDate?
    var total: QueueFigures
    var services: [QueueFigures]
    /// Tickets issued per local hour of the day, keyed "08", "09" …
    var ticketsPerHour: [String: Int]
}

extension HallRuntime {
    /// `GET /api/v1/stats/queue` (administrators): today's waiting and service times, no-shows and
    /// tickets per hour, from the hall's live state.
    func addQueueStatsRoutes(to api: RouterGroup<HallRequestContext>) {
        api.get("stats/queue") { _, context in
            _ = try context.requireAdmin()
            let state = await hall.state
            return try JSON.response(HallRuntime.queueStats(state))
        }
    }

    static func queueStats(_ state: HallState) -> QueueStatsResponse {
        let offset = state.configuration.schedule.utcOffsetMinutes
        var perHour: [String: Int] = [:]
        func figures(_ key: String, _ visits: [Visit]) -> QueueFigures {
            var f = QueueFigures(key: key)
            f.issued = visits.count
            f.waiting = visits.filter { $0.status == .waiting }.count
            f.served = visits.filter { $0.status == .finished }.count
            f.noShows = visits.filter { $0.status == .noShow }.count
            f.cancelled = visits.filter { $0.status == .cancelled }.count
            let waits = visits.compactMap { v in v.calledAt.map { $0.timeIntervalSince(v.issuedAt) } }
            if !waits.isEmpty {
                f.averageWaitSeconds = Int(waits.reduce(0, +) / Double(waits.count))
                f.longestWaitSeconds = Int(waits.max()!)
            }
            let services = visits.compactMap { v -> Double? in
                guard let s = v.startedAt, let e = v.finishedAt else { return nil }
                return e.timeIntervalSince(s)
            }
            if !services.isEmpty { f.averageServiceSeconds = Int(services.reduce(0, +) / Double(services.count)) }
            return f
        }
        let visits = Array(state.visits.values)
        for v in visits {
            let minute = LocalDate.local(v.issuedAt, utcOffsetMinutes: offset).minute
            let hour = minute / 60
            perHour[hour < 10 ? "0\(hour)" : "\(hour)", default: 0] += 1
        }
        let byService = Dictionary(grouping: visits, by: \.serviceID)
        return QueueStatsResponse(
            day: state.day, total: figures("total", visits),
            services: state.configuration.services.map { figures($0.id, byService[$0.id] ?? []) }, ticketsPerHour: perHour)
    }
}
