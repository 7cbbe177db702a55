/// A member of staff as the presence board (去向公示牌) shows them.
public struct Staff: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var department: String
    public var title: String
    public var phone: String
    /// Path or URL of the photo shown on the boards.
    public var photo: String?

    public init(id: String, name: String, department: String, title: String, phone: String, photo: String? = nil) {
        self.id = id
        self.name = name
        self.department = department
        self.title = title
        self.phone = phone
        self.photo = photo
    }
}

/// Where a member of staff is (在岗 / 暂离 / 开会 / 外出办事 / 出差 / 请假 / 其他).
public enum PresenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case onDuty
    case away
    case meeting
    case outOnBusiness
    case businessTrip
    case leave
    case other

    /// The label the presence board shows.
    public var label: LocalizedText {
        switch self {
        case .onDuty: LocalizedText(zh: "在岗", en: "On duty")
        case .away: LocalizedText(zh: "暂离", en: "Briefly away")
        case .meeting: LocalizedText(zh: "开会", en: "In a meeting")
        case .outOnBusiness: LocalizedText(zh: "外出办事", en: "Out on business")
        case .businessTrip: LocalizedText(zh: "出差", en: "On a business trip")
        case .leave: LocalizedText(zh: "请假", en: "On leave")
        case .other: LocalizedText(zh: "其他", en: "Other")
        }
    }
}

/// A staff member's current presence, with an optional note (e.g. "县社保局送件，11:00 返回").
public struct Presence: Sendable, Hashable, Codable {
    public var status: PresenceStatus
    public var note: String?

    public init(status: PresenceStatus, note: String? = nil) {
        self.status = status
        self.note = note
    }
}
