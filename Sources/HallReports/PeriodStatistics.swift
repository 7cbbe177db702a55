public import Foundation
public import HallCore

/// How period statistics are grouped.
public enum PeriodGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    case service
    case window
    case staff
    /// The local hour the ticket was taken, `08` … `17`.
    case hour
    /// The local date the ticket was taken, `2026-11-23`.
    case day
}

/// Queue and satisfaction figures of a set of visits.
///
/// - Waits run from the ticket to its first call; p50/p90 are nearest-rank percentiles (the smallest
///   wait at or above which 50 % / 90 % of the waits lie).
/// - The no-show rate is no-shows over visits that ended at a window (served + no-shows).
/// - The share over target is waits longer than the hall's `wait_target_minutes`, over all waits.
public struct PeriodFigures: Sendable, Hashable, Codable {
    public var key: String
    public var issued: Int
    public var served: Int
    public var noShows: Int
    public var cancelled: Int
    public var waitP50Seconds: Int?
    public var waitP90Seconds: Int?
    public var averageWaitSeconds: Int?
    public var averageServiceSeconds: Int?
    public var noShowRate: Double?
    public var overTargetShare: Double?
    public var rated: Int
    /// Ratings per level, keyed by the level's wire name (`verySatisfied` …).
    public var levels: [String: Int]
    /// Rated 基本满意 or better, over all rated.
    public var satisfactionRate: Double?
    /// Rated 不满意 or worse.
    public var badRatings: Int
    /// Bad ratings whose follow-up (差评整改) was closed by the period's end.
    public var followUpsClosed: Int
    /// followUpsClosed over badRatings; nil when there were none.
    public var followUpClosureRate: Double?

    /// `followUps`: by the rated visit's id, counted as they stood at `end`.
    public init(
        key: String, _ visits: [VisitRecord], waitTargetMinutes: Int, followUps: [String: FollowUp] = [:], until end: Date = .distantFuture
    ) {
        self.key = key
        issued = visits.count
        served = visits.count { $0.status == .finished }
        noShows = visits.count { $0.status == .noShow }
        cancelled = visits.count { $0.status == .cancelled }
        let waits = visits.compactMap(\.waitSeconds).sorted()
        waitP50Seconds = Self.percentile(waits, 0.5).map { Int($0.rounded()) }
        waitP90Seconds = Self.percentile(waits, 0.9).map { Int($0.rounded()) }
        averageWaitSeconds = waits.isEmpty ? nil : Int((waits.reduce(0, +) / Double(waits.count)).rounded())
        let services = visits.compactMap(\.serviceSeconds)
        averageServiceSeconds = services.isEmpty ? nil : Int((services.reduce(0, +) / Double(services.count)).rounded())
        noShowRate = Self.rate(noShows, served + noShows)
        let target = Double(waitTargetMinutes * 60)
        overTargetShare = Self.rate(waits.count { $0 > target }, waits.count)
        let ratings = visits.compactMap(\.rating)
        rated = ratings.count
        var levels: [String: Int] = [:]
        for level in RatingLevel.allCases { levels["\(level)"] = ratings.count { $0 == level } }
        self.levels = levels
        badRatings = ratings.count(where: \.isBad)
        satisfactionRate = Self.rate(rated - badRatings, rated)
        let f = FollowUpCounts(visits, followUps: followUps, until: end)
        followUpsClosed = f.closed
        followUpClosureRate = f.closedRate
    }

    /// `part / whole`, nil when `whole` is 0.
    public static func rate(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

    /// The nearest-rank percentile of sorted values: the value at rank ⌈p·n⌉.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// Figures of a period grouped one way, with the total.
public struct PeriodStatistics: Sendable, Hashable, Codable {
    public var by: PeriodGrouping
    public var rows: [PeriodFigures]
    public var total: PeriodFigures

    /// Groups `visits`; by window only visits that reached a window count, by staff only finished ones.
    /// `followUps` (by the rated visit's id) are counted as they stood at `end`.
    public init(
        _ visits: [VisitRecord], by grouping: PeriodGrouping, waitTargetMinutes: Int, utcOffsetMinutes: Int,
        followUps: [String: FollowUp] = [:], until end: Date = .distantFuture
    ) {
        by = grouping
        let groups = Dictionary(grouping: visits) { v -> String? in
            switch grouping {
            case .service: v.serviceID
            case .window: v.window.map { String($0) }
            case .staff: v.status == .finished ? v.staffID : nil
            case .hour:
                String(100 + LocalDate.local(v.issuedAt, utcOffsetMinutes: utcOffsetMinutes).minute / 60).suffix(2).description
            case .day: v.day.description
            }
        }
        rows = groups.compactMap { key, members in
            key.map {
                PeriodFigures(key: $0, members, waitTargetMinutes: waitTargetMinutes, followUps: followUps, until: end)
            }
        }
        .sorted { a, b in
            if grouping == .window, let x = Int(a.key), let y = Int(b.key) { return x < y }
            return a.key < b.key
        }
        total = PeriodFigures(key: "total", visits, waitTargetMinutes: waitTargetMinutes, followUps: followUps, until: end)
    }
}
