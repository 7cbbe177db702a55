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
public struct Visit: Sendable, Hashable, Identifiable {
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
    /// An appointment (预约) whose slot starts at this time.
    @CompactDate public var appointmentAt: Date?
    @CompactDate public var calledAt: Date?
    @CompactDate public var startedAt: Date?
    @CompactDate public var finishedAt: Date?
    /// Transferred to one window: only that window calls it.
    @CompactWindowNumber public var targetWindow: Int?
    /// The window that holds or last held the visit.
    @CompactWindowNumber public var window: Int?
    @CompactCount public var recalls: Int
    @CompactCount public var transfers: Int
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
        _appointmentAt = CompactDate(wrappedValue: appointmentAt)
        _calledAt = CompactDate(wrappedValue: calledAt)
        _startedAt = CompactDate(wrappedValue: startedAt)
        _finishedAt = CompactDate(wrappedValue: finishedAt)
        _targetWindow = CompactWindowNumber(wrappedValue: targetWindow)
        _window = CompactWindowNumber(wrappedValue: window)
        _recalls = CompactCount(wrappedValue: recalls)
        _transfers = CompactCount(wrappedValue: transfers)
        self.priority = priority
        self.status = status
        self.front = front
        self.ratingStatus = ratingStatus
        self.rating = rating
    }

    /// Whether the resident's line counts this visit as waiting for a window.
    public var isWaiting: Bool { status == .waiting }
}

/// An optional instant in eight bytes: a `Date`'s own seconds since 2001 (so it comes back exactly),
/// NaN when there is none. Two absent instants are equal.
@propertyWrapper
public struct CompactDate: Sendable, Hashable {
    private var seconds: Double

    public init(wrappedValue: Date?) { seconds = wrappedValue?.timeIntervalSinceReferenceDate ?? .nan }

    public var wrappedValue: Date? {
        get { seconds.isNaN ? nil : Date(timeIntervalSinceReferenceDate: seconds) }
        set { seconds = newValue?.timeIntervalSinceReferenceDate ?? .nan }
    }

    public static func == (a: CompactDate, b: CompactDate) -> Bool { a.seconds.isNaN ? b.seconds.isNaN : a.seconds == b.seconds }

    public func hash(into hasher: inout Hasher) {
        if seconds.isNaN { hasher.combine(0 as UInt8) } else { hasher.combine(seconds) }
    }
}

/// An optional window number in four bytes (`Int32.min` when there is none). The hall file refuses
/// window numbers beyond 9 999.
@propertyWrapper
public struct CompactWindowNumber: Sendable, Hashable {
    private var number: Int32

    public init(wrappedValue: Int?) { number = wrappedValue.map { Int32(clamping: $0) } ?? .min }

    public var wrappedValue: Int? {
        get { number == .min ? nil : Int(number) }
        set { number = newValue.map { Int32(clamping: $0) } ?? .min }
    }
}

/// A visit's count of recalls or transfers, in four bytes.
@propertyWrapper
public struct CompactCount: Sendable, Hashable {
    private var count: Int32

    public init(wrappedValue: Int) { count = Int32(clamping: wrappedValue) }

    public var wrappedValue: Int {
        get { Int(count) }
        set { count = Int32(clamping: newValue) }
    }
}
