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

    init(key: String, _ visits: [Visit]) {
        self.key = key
        issued = visits.count
        waiting = visits.filter { $0.status == .waiting }.count
        served = visits.filter { $0.status == .finished }.count
        noShows = visits.filter { $0.status == .noShow }.count
        cancelled = visits.filter { $0.status == .cancelled }.count
        let waits = visits.compactMap { v in v.calledAt.map { $0.timeIntervalSince(v.issuedAt) } }
        if let longest = waits.max() {
            averageWaitSeconds = Int(waits.reduce(0, +) / Double(waits.count))
            longestWaitSeconds = Int(longest)
        }
        let services = visits.compactMap { v -> Double? in
            guard let s = v.startedAt, let e = v.finishedAt else { return nil }
            return e.timeIntervalSince(s)
        }
        if !services.isEmpty { averageServiceSeconds = Int(services.reduce(0, +) / Double(services.count)) }
    }
}

/// `GET /stats/queue`: today's waiting and service times, no-shows and tickets per hour, from the
/// hall's live state.
struct QueueStatistics: ResponseEncodable {
    var day: LocalDate?
    var total: QueueFigures
    var services: [QueueFigures]
    /// Tickets issued per local hour of the day, keyed "08", "09" …
    var ticketsPerHour: [String: Int]

    init(_ state: HallState) {
        let offset = state.configuration.schedule.utcOffsetMinutes
        let visits = Array(state.visits.values)
        var perHour: [String: Int] = [:]
        for v in visits {
            let hour = LocalDate.local(v.issuedAt, utcOffsetMinutes: offset).minute / 60
            perHour[hour < 10 ? "0\(hour)" : "\(hour)", default: 0] += 1
        }
        let byService = Dictionary(grouping: visits, by: \.serviceID)
        day = state.day
        total = QueueFigures(key: "total", visits)
        services = state.configuration.services.map { QueueFigures(key: $0.id, byService[$0.id] ?? []) }
        ticketsPerHour = perHour
    }
}
