import Foundation

/// A window as the hall sees it during the day.
public struct WindowState: Sendable, Hashable, Codable {
    public var number: Int
    public var status: WindowStatus
    /// The staff member holding the window now.
    public var staffID: String?
    /// The visit called to or served at the window; at most one.
    public var current: String?
    /// Visits put on hold here (挂起), oldest first.
    public var held: [String]
    /// Priority calls in a row, for the anti-starvation rule.
    public var priorityStreak: Int
    /// The visit this window's evaluator may rate now.
    public var awaitingRating: String?

    public init(number: Int, staffID: String?) {
        self.number = number
        self.status = .closed
        self.staffID = staffID
        self.current = nil
        self.held = []
        self.priorityStreak = 0
        self.awaitingRating = nil
    }
}

/// One ordered line of waiting visits. The head is called first.
struct WaitingLine: Sendable, Hashable {
    var normal: [String] = []
    var priority: [String] = []

    var count: Int { normal.count + priority.count }

    /// When the visit that has waited longest joined: the earliest `queuedAt` in the line. Each part
    /// is in joining order (front transfers first, in their own joining order, then the rest) and
    /// every join is stamped with the time it happened, so each run's first visit is its earliest:
    /// the heads of four runs at most are read, however long the line.
    func oldestQueuedAt(visits: [String: Visit]) -> Date? {
        var heads: [Date] = []
        for ids in [normal, priority] {
            guard let first = ids.first.flatMap({ visits[$0] }) else { continue }
            heads.append(first.queuedAt)
            if first.front, let rest = ids.first(where: { visits[$0]?.front != true }).flatMap({ visits[$0] }) {
                heads.append(rest.queuedAt)
            }
        }
        return heads.min()
    }

    mutating func remove(_ id: String) {
        if let i = normal.firstIndex(of: id) {
            normal.remove(at: i)
        } else if let i = priority.firstIndex(of: id) {
            priority.remove(at: i)
        }
    }
}

/// A call as the boards show it.
public struct CallRecord: Sendable, Hashable, Codable {
    public var visitID: String
    public var number: String
    public var window: Int
    public var recall: Bool
    public var at: Date

    public init(visitID: String, number: String, window: Int, recall: Bool, at: Date) {
        self.visitID = visitID
        self.number = number
        self.window = window
        self.recall = recall
        self.at = at
    }
}
