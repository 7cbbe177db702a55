import Foundation

/// Why a resident gets a priority ticket (绿色通道 / 特事特办).
public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
    case normal
    case elderly
    case disabled
    case urgent

    public var isPriority: Bool { self != .normal }

    public var label: LocalizedText {
        switch self {
        case .normal: LocalizedText(zh: "普通", en: "Normal")
        case .elderly: LocalizedText(zh: "老年人", en: "Elderly")
        case .disabled: LocalizedText(zh: "残疾人", en: "Disabled")
        case .urgent: LocalizedText(zh: "特事特办", en: "Urgent matter")
        }
    }
}

/// Where a visit is in its life: issued → called → serving → finished | no-show | cancelled.
/// A transfer puts it back to `waiting` in another line; a held visit can be resumed.
public enum VisitStatus: String, Sendable, Hashable, Codable {
    case waiting
    case called
    case serving
    case held
    case finished
    case noShow
    case cancelled

    public var isOpen: Bool { self == .waiting || self == .called || self == .serving || self == .held }
}

/// One resident's case at the hall (办件), from ticket to rating.
public struct Visit: Sendable, Hashable, Codable, Identifiable {
    /// `20261123-A001`: the day and the number, unique for ever.
    public var id: String
    /// `A001`.
    public var number: String
    public var serviceID: String
    public var priority: Priority
    public var status: VisitStatus
    public var issuedAt: Date
    /// When the visit joined its current line (issue, or its latest transfer).
    public var queuedAt: Date
    /// Order of joining, for visits queued at the same instant.
    public var queueOrder: Int
    /// Transferred to the front of its line.
    public var front: Bool
    /// Transferred to one window: only that window calls it.
    public var targetWindow: Int?
    /// An appointment (预约) whose slot starts at this time.
    public var appointmentAt: Date?
    /// The window that holds or last held the visit.
    public var window: Int?
    /// The staff member who served it.
    public var staffID: String?
    public var calledAt: Date?
    public var recalls: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    public var transfers: Int
    public var ratingStatus: RatingStatus
    public var rating: RatingLevel?
    public var ratingReason: String?

    /// Whether the resident's line counts this visit as waiting for a window.
    public var isWaiting: Bool { status == .waiting }
}
