import Foundation

/// What a visit came to (办理结果), chosen by the clerk when finishing it. A keypad's finish key,
/// which cannot ask, means ``settled``.
///
/// On the wire it is flat, inside the event or request that carries it:
/// `{"outcome": "refused", "reason": "…", "basis": "《…》第…条"}`.
public enum VisitOutcome: Sendable, Hashable {
    /// 办结: settled on the spot.
    case settled
    /// 受理: the application was accepted and becomes a case (办件) with a promised date.
    case accepted
    /// 补正: papers are missing; the resident gets a one-time notice (一次性告知单) listing them.
    case papersMissing(missing: [String])
    /// 不予受理: refused, with the reason and its legal basis (不予受理告知书).
    case refused(reason: String, basis: String)
    /// 转办/告知: not this hall's business; the competent department, its phone and address.
    case referred(Referral)
    /// 咨询: a consultation only.
    case consultation
    /// 代办: taken on for the resident (全程代办).
    case proxy

    /// The outcome's name without its details, for statistics and screens.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case settled, accepted, papersMissing, refused, referred, consultation, proxy

        /// 办结 / settled …, Chinese first.
        public var label: LocalizedText {
            switch self {
            case .settled: LocalizedText(zh: "办结", en: "Settled")
            case .accepted: LocalizedText(zh: "受理", en: "Accepted")
            case .papersMissing: LocalizedText(zh: "补正", en: "Papers missing")
            case .refused: LocalizedText(zh: "不予受理", en: "Refused")
            case .referred: LocalizedText(zh: "转办/告知", en: "Referred")
            case .consultation: LocalizedText(zh: "咨询", en: "Consultation")
            case .proxy: LocalizedText(zh: "代办", en: "Taken on for the resident")
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .settled: .settled
        case .accepted: .accepted
        case .papersMissing: .papersMissing
        case .refused: .refused
        case .referred: .referred
        case .consultation: .consultation
        case .proxy: .proxy
        }
    }
}

/// The department a matter belongs to when it is not this hall's (对不属于业务范围的告知受理部门).
public struct Referral: Sendable, Hashable, Codable {
    public var department: String
    public var phone: String
    public var address: String

    public init(department: String, phone: String, address: String) {
        self.department = department
        self.phone = phone
        self.address = address
    }
}

/// What the clerk enters when accepting an application, plus the case's unguessable code, which the
/// runtime draws (like a ticket's secret) because the core draws nothing at random.
public struct CaseIntake: Sendable, Hashable, Codable {
    /// The applicant's name, optional; masked wherever shown in public (张*伟).
    public var applicantName: String?
    /// The applicant's phone, optional; masked in public (138****0001).
    public var applicantPhone: String?
    /// The time limit in statutory working days; nil takes the service's 承诺时限.
    public var workingDays: Int?
    /// The code of the case page `/c/<code>`.
    public var code: String

    public init(applicantName: String? = nil, applicantPhone: String? = nil, workingDays: Int? = nil, code: String) {
        self.applicantName = applicantName
        self.applicantPhone = applicantPhone
        self.workingDays = workingDays
        self.code = code
    }
}

/// A paper handed to the resident about a visit's outcome; each printing is journaled on the visit.
public enum CaseDocument: String, Sendable, Hashable, Codable, CaseIterable {
    /// 受理凭证: the receipt of an accepted application, its QR opening the case page.
    case receipt
    /// 一次性告知单: the papers missing, all at once.
    case papersNotice
    /// 不予受理告知书: the refusal with its reason and legal basis.
    case refusalNotice
    /// 告知单: the competent department when the matter is not this hall's.
    case referralNotice

    /// The outcome a document belongs to: a receipt only for an accepted visit, and so on.
    public var outcome: VisitOutcome.Kind {
        switch self {
        case .receipt: .accepted
        case .papersNotice: .papersMissing
        case .refusalNotice: .refused
        case .referralNotice: .referred
        }
    }

    public var title: LocalizedText {
        switch self {
        case .receipt: LocalizedText(zh: "受理凭证", en: "Receipt")
        case .papersNotice: LocalizedText(zh: "一次性告知单", en: "One-time notice of missing papers")
        case .refusalNotice: LocalizedText(zh: "不予受理告知书", en: "Notice of refusal")
        case .referralNotice: LocalizedText(zh: "告知单", en: "Referral notice")
        }
    }
}

extension VisitOutcome: Codable {
    private enum Key: String, CodingKey {
        case outcome, missing, reason, basis, department, phone, address
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(Kind.self, forKey: .outcome) {
        case .settled: self = .settled
        case .accepted: self = .accepted
        case .consultation: self = .consultation
        case .proxy: self = .proxy
        case .papersMissing: self = .papersMissing(missing: try c.decode([String].self, forKey: .missing))
        case .refused:
            self = .refused(reason: try c.decode(String.self, forKey: .reason), basis: try c.decode(String.self, forKey: .basis))
        case .referred: self = .referred(try Referral(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .outcome)
        switch self {
        case .settled, .accepted, .consultation, .proxy: break
        case .papersMissing(let missing): try c.encode(missing, forKey: .missing)
        case .refused(let reason, let basis):
            try c.encode(reason, forKey: .reason)
            try c.encode(basis, forKey: .basis)
        case .referred(let referral): try referral.encode(to: encoder)
        }
    }
}
