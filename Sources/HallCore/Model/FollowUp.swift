import Foundation

/// The follow-up (差评整改) of one bad rating: who answers for it, the call-back to the resident,
/// the cause found and the corrective action, and who closed it when. Its id is the rated visit's.
public struct FollowUp: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Nobody answers for it yet.
        case open
        case assigned
        /// The resident was called back (reached or not).
        case calledBack
        case closed
    }

    /// The rated visit's id.
    public var id: String
    public var level: RatingLevel
    /// The resident's reason, nil when an evaluator without a screen could not ask for one.
    public var reason: String?
    public var window: Int
    /// The staff member the rating credits (who served), nil for an unstaffed window.
    public var ratedStaffID: String?
    public var serviceID: String
    public var openedAt: Date
    /// The last working day by which it must be closed.
    public var due: LocalDate
    public var status: Status
    /// The staff member who answers for it.
    public var assignee: String?
    public var cause: String?
    public var action: String?
    public var closedAt: Date?
    public var closedBy: String?
    /// Every step, oldest first.
    public var history: [Step]

    /// One journaled step of a follow-up.
    public struct Step: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case opened, assigned, calledBack, closed }
        public var kind: Kind
        public var at: Date
        /// The account that acted; nil when the hall itself opened the follow-up.
        public var by: String?
        /// The assignee, the call-back's record or the cause and action, as people read it.
        public var note: String?
        /// For a call-back: whether the resident was reached.
        public var reached: Bool?

        public init(kind: Kind, at: Date, by: String?, note: String? = nil, reached: Bool? = nil) {
            self.kind = kind
            self.at = at
            self.by = by
            self.note = note
            self.reached = reached
        }
    }

    public init(opening o: FollowUpEvent.Opening, at: Date) {
        id = o.id
        level = o.level
        reason = o.reason
        window = o.window
        ratedStaffID = o.ratedStaffID
        serviceID = o.serviceID
        openedAt = at
        due = o.due
        status = .open
        history = [Step(kind: .opened, at: at, by: nil, note: o.reason)]
    }

    /// Whether it is still open after its due day, on `today`.
    public func isOverdue(today: LocalDate) -> Bool { status != .closed && today > due }

    /// Applies one of its own events at `at`.
    public mutating func apply(_ event: FollowUpEvent, at: Date) {
        switch event {
        case .opened:
            break
        case .assigned(_, let staffID, let by):
            assignee = staffID
            if status == .open { status = .assigned }
            history.append(Step(kind: .assigned, at: at, by: by, note: staffID))
        case .calledBack(_, let reached, let note, let by):
            status = .calledBack
            history.append(Step(kind: .calledBack, at: at, by: by, note: note, reached: reached))
        case .closed(_, let cause, let action, let by):
            status = .closed
            self.cause = cause
            self.action = action
            closedAt = at
            closedBy = by
            history.append(Step(kind: .closed, at: at, by: by, note: "\(cause)；\(action)"))
        }
    }
}
