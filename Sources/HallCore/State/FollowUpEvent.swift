import Foundation

/// What can be done to a bad rating's follow-up (差评整改). `by` is the acting account.
public enum FollowUpCommand: Sendable, Hashable {
    /// Make `staffID` answer for the follow-up (again, to hand it on).
    case assign(id: String, staffID: String, by: String)
    /// The call-back (回访): whether the resident was reached and what they said.
    case callBack(id: String, reached: Bool, note: String, by: String)
    /// Closes it with the cause found and the corrective action taken.
    case close(id: String, cause: String, action: String, by: String)
}

/// A step of a follow-up, as journaled. On the wire each is flat, with its own `type`
/// (`followUpOpened`, `followUpAssigned`, `followUpCalledBack`, `followUpClosed`) and the follow-up's `id`.
public enum FollowUpEvent: Sendable, Hashable {
    /// A bad rating opened a follow-up (journaled right after its `ratingRecorded`).
    case opened(Opening)
    case assigned(id: String, staffID: String, by: String)
    case calledBack(id: String, reached: Bool, note: String, by: String)
    case closed(id: String, cause: String, action: String, by: String)

    /// The bad rating a follow-up starts from, and its due day.
    public struct Opening: Sendable, Hashable, Codable {
        public var id: String
        public var level: RatingLevel
        public var reason: String?
        public var window: Int
        public var ratedStaffID: String?
        public var serviceID: String
        public var due: LocalDate

        public init(
            id: String, level: RatingLevel, reason: String?, window: Int, ratedStaffID: String?, serviceID: String, due: LocalDate
        ) {
            self.id = id
            self.level = level
            self.reason = reason
            self.window = window
            self.ratedStaffID = ratedStaffID
            self.serviceID = serviceID
            self.due = due
        }
    }

    /// The follow-up the event is about.
    public var id: String {
        switch self {
        case .opened(let o): o.id
        case .assigned(let id, _, _), .calledBack(let id, _, _, _), .closed(let id, _, _, _): id
        }
    }

    /// The wire names, by which ``HallEvent`` recognises one.
    public static let types: Set<String> = ["followUpOpened", "followUpAssigned", "followUpCalledBack", "followUpClosed"]

    public var type: String {
        switch self {
        case .opened: "followUpOpened"
        case .assigned: "followUpAssigned"
        case .calledBack: "followUpCalledBack"
        case .closed: "followUpClosed"
        }
    }
}

extension FollowUpEvent {
    private enum Key: String, CodingKey { case id, staffID, reached, note, cause, action, by }

    /// Writes the fields (not the `type`, which ``HallEvent`` writes).
    public func encode(to encoder: any Encoder) throws {
        if case .opened(let o) = self { return try o.encode(to: encoder) }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        switch self {
        case .opened:
            break
        case .assigned(_, let staffID, let by):
            try c.encode(staffID, forKey: .staffID)
            try c.encode(by, forKey: .by)
        case .calledBack(_, let reached, let note, let by):
            try c.encode(reached, forKey: .reached)
            try c.encode(note, forKey: .note)
            try c.encode(by, forKey: .by)
        case .closed(_, let cause, let action, let by):
            try c.encode(cause, forKey: .cause)
            try c.encode(action, forKey: .action)
            try c.encode(by, forKey: .by)
        }
    }

    /// Reads the event whose wire name is `type` (one of ``types``).
    public init(type: String, from decoder: any Decoder) throws {
        if type == "followUpOpened" {
            self = .opened(try Opening(from: decoder))
            return
        }
        let c = try decoder.container(keyedBy: Key.self)
        let id = try c.decode(String.self, forKey: .id)
        let by = try c.decode(String.self, forKey: .by)
        switch type {
        case "followUpAssigned": self = .assigned(id: id, staffID: try c.decode(String.self, forKey: .staffID), by: by)
        case "followUpCalledBack":
            self = .calledBack(
                id: id, reached: try c.decode(Bool.self, forKey: .reached), note: try c.decode(String.self, forKey: .note), by: by)
        default:
            self = .closed(
                id: id, cause: try c.decode(String.self, forKey: .cause), action: try c.decode(String.self, forKey: .action), by: by)
        }
    }
}
