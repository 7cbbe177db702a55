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
///
/// The hall holds every visit of the day in its state, so a visit is kept small: optional instants
/// as one `Double` each (NaN when absent) rather than `Date?` (nine bytes padded to sixteen), window
/// numbers and counters as 32-bit integers, and the one-byte fields together. 160 bytes a visit
/// against 240, behind the same properties.
public struct Visit: Sendable, Hashable, Codable, Identifiable {
    /// `20261123-A001`: the day and the number, unique for ever.
    public var id: String
    /// `A001`.
    public var number: String
    public var serviceID: String
    /// The staff member who served it.
    public var staffID: String?
    public var ratingReason: String?
    public var issuedAt: Date
    /// When the visit joined its current line (issue, or its latest transfer).
    public var queuedAt: Date
    /// Order of joining, for visits queued at the same instant.
    public var queueOrder: Int
    private var appointmentInstant: Instant
    private var calledInstant: Instant
    private var startedInstant: Instant
    private var finishedInstant: Instant
    private var targetWindowNumber: WindowNumber
    private var windowNumber: WindowNumber
    private var recallCount: Int32
    private var transferCount: Int32
    public var priority: Priority
    public var status: VisitStatus
    /// Transferred to the front of its line.
    public var front: Bool
    public var ratingStatus: RatingStatus
    public var rating: RatingLevel?

    public init(
        id: String, number: String, serviceID: String, priority: Priority, status: VisitStatus, issuedAt: Date, queuedAt: Date,
        queueOrder: Int, front: Bool, targetWindow: Int?, appointmentAt: Date?, window: Int?, staffID: String?, calledAt: Date?,
        recalls: Int, startedAt: Date?, finishedAt: Date?, transfers: Int, ratingStatus: RatingStatus, rating: RatingLevel?,
        ratingReason: String?
    ) {
        self.id = id
        self.number = number
        self.serviceID = serviceID
        self.staffID = staffID
        self.ratingReason = ratingReason
        self.issuedAt = issuedAt
        self.queuedAt = queuedAt
        self.queueOrder = queueOrder
        appointmentInstant = Instant(appointmentAt)
        calledInstant = Instant(calledAt)
        startedInstant = Instant(startedAt)
        finishedInstant = Instant(finishedAt)
        targetWindowNumber = WindowNumber(targetWindow)
        windowNumber = WindowNumber(window)
        recallCount = Int32(clamping: recalls)
        transferCount = Int32(clamping: transfers)
        self.priority = priority
        self.status = status
        self.front = front
        self.ratingStatus = ratingStatus
        self.rating = rating
    }

    /// Transferred to one window: only that window calls it.
    public var targetWindow: Int? {
        get { targetWindowNumber.value }
        set { targetWindowNumber = WindowNumber(newValue) }
    }
    /// An appointment (预约) whose slot starts at this time.
    public var appointmentAt: Date? {
        get { appointmentInstant.date }
        set { appointmentInstant = Instant(newValue) }
    }
    /// The window that holds or last held the visit.
    public var window: Int? {
        get { windowNumber.value }
        set { windowNumber = WindowNumber(newValue) }
    }
    public var calledAt: Date? {
        get { calledInstant.date }
        set { calledInstant = Instant(newValue) }
    }
    public var recalls: Int {
        get { Int(recallCount) }
        set { recallCount = Int32(clamping: newValue) }
    }
    public var startedAt: Date? {
        get { startedInstant.date }
        set { startedInstant = Instant(newValue) }
    }
    public var finishedAt: Date? {
        get { finishedInstant.date }
        set { finishedInstant = Instant(newValue) }
    }
    public var transfers: Int {
        get { Int(transferCount) }
        set { transferCount = Int32(clamping: newValue) }
    }

    /// Whether the resident's line counts this visit as waiting for a window.
    public var isWaiting: Bool { status == .waiting }

    private enum CodingKeys: String, CodingKey {
        case id, number, serviceID, priority, status, issuedAt, queuedAt, queueOrder, front, targetWindow, appointmentAt, window
        case staffID, calledAt, recalls, startedAt, finishedAt, transfers, ratingStatus, rating, ratingReason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), number: try c.decode(String.self, forKey: .number),
            serviceID: try c.decode(String.self, forKey: .serviceID), priority: try c.decode(Priority.self, forKey: .priority),
            status: try c.decode(VisitStatus.self, forKey: .status), issuedAt: try c.decode(Date.self, forKey: .issuedAt),
            queuedAt: try c.decode(Date.self, forKey: .queuedAt), queueOrder: try c.decode(Int.self, forKey: .queueOrder),
            front: try c.decode(Bool.self, forKey: .front), targetWindow: try c.decodeIfPresent(Int.self, forKey: .targetWindow),
            appointmentAt: try c.decodeIfPresent(Date.self, forKey: .appointmentAt),
            window: try c.decodeIfPresent(Int.self, forKey: .window), staffID: try c.decodeIfPresent(String.self, forKey: .staffID),
            calledAt: try c.decodeIfPresent(Date.self, forKey: .calledAt), recalls: try c.decode(Int.self, forKey: .recalls),
            startedAt: try c.decodeIfPresent(Date.self, forKey: .startedAt),
            finishedAt: try c.decodeIfPresent(Date.self, forKey: .finishedAt), transfers: try c.decode(Int.self, forKey: .transfers),
            ratingStatus: try c.decode(RatingStatus.self, forKey: .ratingStatus),
            rating: try c.decodeIfPresent(RatingLevel.self, forKey: .rating),
            ratingReason: try c.decodeIfPresent(String.self, forKey: .ratingReason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(number, forKey: .number)
        try c.encode(serviceID, forKey: .serviceID)
        try c.encode(priority, forKey: .priority)
        try c.encode(status, forKey: .status)
        try c.encode(issuedAt, forKey: .issuedAt)
        try c.encode(queuedAt, forKey: .queuedAt)
        try c.encode(queueOrder, forKey: .queueOrder)
        try c.encode(front, forKey: .front)
        try c.encodeIfPresent(targetWindow, forKey: .targetWindow)
        try c.encodeIfPresent(appointmentAt, forKey: .appointmentAt)
        try c.encodeIfPresent(window, forKey: .window)
        try c.encodeIfPresent(staffID, forKey: .staffID)
        try c.encodeIfPresent(calledAt, forKey: .calledAt)
        try c.encode(recalls, forKey: .recalls)
        try c.encodeIfPresent(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(finishedAt, forKey: .finishedAt)
        try c.encode(transfers, forKey: .transfers)
        try c.encode(ratingStatus, forKey: .ratingStatus)
        try c.encodeIfPresent(rating, forKey: .rating)
        try c.encodeIfPresent(ratingReason, forKey: .ratingReason)
    }
}

/// An optional instant in eight bytes: a `Date`'s own seconds since 2001 (so it comes back exactly),
/// NaN when there is none. Two absent instants are equal.
private struct Instant: Sendable, Hashable {
    private let seconds: Double

    init(_ date: Date?) { seconds = date?.timeIntervalSinceReferenceDate ?? .nan }

    var date: Date? { seconds.isNaN ? nil : Date(timeIntervalSinceReferenceDate: seconds) }

    static func == (a: Instant, b: Instant) -> Bool { a.seconds.isNaN ? b.seconds.isNaN : a.seconds == b.seconds }

    func hash(into hasher: inout Hasher) {
        if seconds.isNaN { hasher.combine(0 as UInt8) } else { hasher.combine(seconds) }
    }
}

/// An optional window number in four bytes (`Int32.min` when there is none). The hall file refuses
/// window numbers beyond 9 999.
private struct WindowNumber: Sendable, Hashable {
    private let number: Int32

    init(_ window: Int?) { number = window.map { Int32(clamping: $0) } ?? .min }

    var value: Int? { number == .min ? nil : Int(number) }
}
