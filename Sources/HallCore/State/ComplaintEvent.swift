import Foundation

/// What can be done with a complaint or suggestion (投诉建议). `by` is the acting account.
public enum ComplaintCommand: Sendable, Hashable {
    /// A resident makes one: `code` is drawn by the runtime; text and phone are optional (anonymous).
    case submit(code: String, category: Complaint.Category, channel: Complaint.Channel, text: String?, phone: String?, ticket: String?)
    /// The resident writes the text of a complaint made at the kiosk, on their own phone, once.
    case write(code: String, text: String)
    case assign(code: String, staffID: String, by: String)
    case reply(code: String, text: String, by: String)
    case close(code: String, by: String)
}

/// A step of a complaint, as journaled. Flat on the wire with its own `type` (`complaintSubmitted`,
/// `complaintWritten`, `complaintAssigned`, `complaintReplied`, `complaintClosed`) and the complaint's `id`.
public enum ComplaintEvent: Sendable, Hashable {
    case submitted(Submission)
    case written(id: String, text: String)
    case assigned(id: String, staffID: String, by: String)
    case replied(id: String, text: String, by: String)
    case closed(id: String, by: String)

    public struct Submission: Sendable, Hashable, Codable {
        public var id: String
        public var category: Complaint.Category
        public var channel: Complaint.Channel
        public var text: String?
        public var phone: String?
        public var ticket: String?
        public var due: LocalDate

        public init(
            id: String, category: Complaint.Category, channel: Complaint.Channel, text: String?, phone: String?, ticket: String?,
            due: LocalDate
        ) {
            self.id = id
            self.category = category
            self.channel = channel
            self.text = text
            self.phone = phone
            self.ticket = ticket
            self.due = due
        }
    }

    public var id: String {
        switch self {
        case .submitted(let s): s.id
        case .written(let id, _), .assigned(let id, _, _), .replied(let id, _, _), .closed(let id, _): id
        }
    }

    public static let types: Set<String> = [
        "complaintSubmitted", "complaintWritten", "complaintAssigned", "complaintReplied", "complaintClosed",
    ]

    public var type: String {
        switch self {
        case .submitted: "complaintSubmitted"
        case .written: "complaintWritten"
        case .assigned: "complaintAssigned"
        case .replied: "complaintReplied"
        case .closed: "complaintClosed"
        }
    }
}

extension ComplaintEvent {
    private enum Key: String, CodingKey { case id, text, staffID, by }

    /// Writes the fields (not the `type`, which ``HallEvent`` writes).
    public func encode(to encoder: any Encoder) throws {
        if case .submitted(let s) = self { return try s.encode(to: encoder) }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        switch self {
        case .submitted:
            break
        case .written(_, let text):
            try c.encode(text, forKey: .text)
        case .assigned(_, let staffID, let by):
            try c.encode(staffID, forKey: .staffID)
            try c.encode(by, forKey: .by)
        case .replied(_, let text, let by):
            try c.encode(text, forKey: .text)
            try c.encode(by, forKey: .by)
        case .closed(_, let by):
            try c.encode(by, forKey: .by)
        }
    }

    /// Reads the event whose wire name is `type` (one of ``types``).
    public init(type: String, from decoder: any Decoder) throws {
        if type == "complaintSubmitted" {
            self = .submitted(try Submission(from: decoder))
            return
        }
        let c = try decoder.container(keyedBy: Key.self)
        let id = try c.decode(String.self, forKey: .id)
        switch type {
        case "complaintWritten": self = .written(id: id, text: try c.decode(String.self, forKey: .text))
        case "complaintAssigned":
            self = .assigned(id: id, staffID: try c.decode(String.self, forKey: .staffID), by: try c.decode(String.self, forKey: .by))
        case "complaintReplied":
            self = .replied(id: id, text: try c.decode(String.self, forKey: .text), by: try c.decode(String.self, forKey: .by))
        default: self = .closed(id: id, by: try c.decode(String.self, forKey: .by))
        }
    }
}
