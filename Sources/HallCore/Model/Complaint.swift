import Foundation

/// A complaint or suggestion (投诉建议) from a resident: made at the kiosk or on their own phone,
/// anonymous unless they leave a phone number. The resident follows it with its code.
public struct Complaint: Sendable, Hashable, Codable, Identifiable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case attitude, efficiency, fees, facilities, other

        public var label: LocalizedText {
            switch self {
            case .attitude: LocalizedText(zh: "服务态度", en: "Staff attitude")
            case .efficiency: LocalizedText(zh: "办事效率", en: "Efficiency")
            case .fees: LocalizedText(zh: "收费", en: "Fees")
            case .facilities: LocalizedText(zh: "环境设施", en: "Premises and facilities")
            case .other: LocalizedText(zh: "其他", en: "Other")
            }
        }
    }

    public enum Status: String, Sendable, Hashable, Codable {
        /// Received; nobody answers for it yet.
        case received
        case assigned
        /// The hall has replied; the resident can read the reply.
        case replied
        case closed
    }

    /// Where it was made: `kiosk` or `phone`.
    public enum Channel: String, Sendable, Hashable, Codable { case kiosk, phone }

    /// The code the resident follows it with (8 characters, no 0/O or 1/I/L).
    public var id: String
    public var category: Category
    public var channel: Channel
    /// What the resident wrote; nil until they write it (at the kiosk only the category is chosen).
    public var text: String?
    /// A phone number to call back, nil when anonymous. Never shown in public.
    public var phone: String?
    /// The number of the resident's ticket, when made from the ticket's page.
    public var ticket: String?
    public var submittedAt: Date
    /// The last working day by which the hall must reply.
    public var due: LocalDate
    public var status: Status
    /// The staff member who answers for it.
    public var owner: String?
    public var reply: String?
    public var repliedAt: Date?
    public var repliedBy: String?
    public var closedAt: Date?
    public var closedBy: String?

    public init(_ s: ComplaintEvent.Submission, at: Date) {
        id = s.id
        category = s.category
        channel = s.channel
        text = s.text
        phone = s.phone
        ticket = s.ticket
        submittedAt = at
        due = s.due
        status = .received
    }

    /// Whether the reply is late on `today`.
    public func isOverdue(today: LocalDate) -> Bool { reply == nil && status != .closed && today > due }

    public mutating func apply(_ event: ComplaintEvent, at: Date) {
        switch event {
        case .submitted:
            break
        case .written(_, let text):
            self.text = text
        case .assigned(_, let staffID, _):
            owner = staffID
            if status == .received { status = .assigned }
        case .replied(_, let text, let by):
            reply = text
            repliedAt = at
            repliedBy = by
            status = .replied
        case .closed(_, let by):
            status = .closed
            closedAt = at
            closedBy = by
        }
    }
}

extension TextLimit {
    /// A resident's complaint or suggestion.
    public static let complaintText = TextLimit(field: LocalizedText(zh: "投诉建议内容", en: "complaint"), maxCharacters: 500)
    /// The hall's reply to it.
    public static let complaintReply = TextLimit(field: LocalizedText(zh: "答复", en: "reply"), maxCharacters: 500)
    /// A phone number left for the call-back.
    public static let complaintPhone = TextLimit(field: LocalizedText(zh: "联系电话", en: "phone number"), maxCharacters: 20)
    /// The ticket number a complaint names.
    public static let complaintTicket = TextLimit(field: LocalizedText(zh: "号票", en: "ticket"), maxCharacters: 20)
}
