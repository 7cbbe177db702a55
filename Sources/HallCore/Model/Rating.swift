/// The five levels of the national 好差评 rules.
public enum RatingLevel: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case verySatisfied = 5
    case satisfied = 4
    case basicallySatisfied = 3
    case unsatisfied = 2
    case veryUnsatisfied = 1

    /// A bad rating (不满意 or worse) must carry a reason, and the administrator follows it up.
    public var isBad: Bool { self <= .unsatisfied }

    public var label: LocalizedText {
        switch self {
        case .verySatisfied: LocalizedText(zh: "非常满意", en: "Very satisfied")
        case .satisfied: LocalizedText(zh: "满意", en: "Satisfied")
        case .basicallySatisfied: LocalizedText(zh: "基本满意", en: "Basically satisfied")
        case .unsatisfied: LocalizedText(zh: "不满意", en: "Unsatisfied")
        case .veryUnsatisfied: LocalizedText(zh: "非常不满意", en: "Very unsatisfied")
        }
    }

    /// Parses the wire name (`verySatisfied`), the Chinese label (`非常满意`) or the score (`5`).
    public init?(name: String) {
        if let level = RatingLevel.allCases.first(where: { "\($0)" == name || $0.label.zh == name }) {
            self = level
        } else if let score = Int(name), let level = RatingLevel(rawValue: score) {
            self = level
        } else {
            return nil
        }
    }

    public static func < (lhs: RatingLevel, rhs: RatingLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who rated a visit. The runtime authenticates the source before it reaches the core.
public enum RatingSource: Sendable, Hashable, Codable {
    /// The evaluator (评价器) of this window.
    case evaluator(window: Int)
    /// The evaluator buttons of this window: a device without a screen, which cannot ask for the
    /// reason of a bad rating. Such a rating is recorded with its reason pending.
    case evaluatorKeys(window: Int)
    /// The resident, with the secret code printed on their own ticket.
    case ticketCode(String)

    public var kind: String {
        switch self {
        case .evaluator, .evaluatorKeys: "evaluator"
        case .ticketCode: "ticket"
        }
    }
}

/// Where a finished visit stands with its rating.
public enum RatingStatus: String, Sendable, Hashable, Codable {
    /// Not finished yet.
    case none
    /// Finished; the resident may rate it now.
    case awaiting
    case rated
    /// The rating time ran out: recorded as not rated, never as satisfied.
    case notRated
}
