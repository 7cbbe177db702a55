import Foundation

/// Where a case (办件) stands. ``overdue`` is never stored: it is ``inProgress`` or ``extended``
/// seen on a day after the promised date (see ``CaseRecord/status(on:)``).
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// 办理中
    case inProgress
    /// 已办结: done, nothing to collect (the result was sent or given at once).
    case completed
    /// 逾期: past the promised date and not done.
    case overdue
    /// 已延期: the time limit was extended (延期手续) and the new date has not passed.
    case extended
    /// 待取件: the result is ready for the resident to collect.
    case ready
    /// 已取件
    case pickedUp

    public var label: LocalizedText {
        switch self {
        case .inProgress: LocalizedText(zh: "办理中", en: "In progress")
        case .completed: LocalizedText(zh: "已办结", en: "Completed")
        case .overdue: LocalizedText(zh: "逾期", en: "Overdue")
        case .extended: LocalizedText(zh: "已延期", en: "Extended")
        case .ready: LocalizedText(zh: "待取件", en: "Ready for pickup")
        case .pickedUp: LocalizedText(zh: "已取件", en: "Picked up")
        }
    }
}

/// An accepted application (办件): it outlives the day of the visit that opened it.
public struct CaseRecord: Sendable, Hashable, Codable, Identifiable {
    /// The case number, unique and readable: `20261130-0012` (the day, then the day's sequence).
    public var number: String
    /// The unguessable code of the case page `/c/<code>`. Never published.
    public var code: String
    /// The visit at which the application was accepted.
    public var visitID: String
    public var serviceID: String
    public var applicantName: String?
    public var applicantPhone: String?
    public var acceptedAt: Date
    /// The promised completion date (承诺办结日), in statutory working days from acceptance; moved
    /// by an extension.
    public var promisedDate: LocalDate
    /// The promised date before the extension, and why it was extended.
    public var originalPromisedDate: LocalDate
    public var extensionReason: String?
    /// The stored stage: any ``CaseStatus`` but ``CaseStatus/overdue``.
    public var stage: CaseStatus
    public var readyAt: Date?
    public var closedAt: Date?
    /// The staff member (or account) who accepted it.
    public var acceptedBy: String?

    public var id: String { number }

    public init(
        number: String, code: String, visitID: String, serviceID: String, applicantName: String?, applicantPhone: String?,
        acceptedAt: Date, promisedDate: LocalDate, originalPromisedDate: LocalDate? = nil, extensionReason: String? = nil,
        stage: CaseStatus = .inProgress, readyAt: Date? = nil, closedAt: Date? = nil, acceptedBy: String? = nil
    ) {
        self.number = number
        self.code = code
        self.visitID = visitID
        self.serviceID = serviceID
        self.applicantName = applicantName
        self.applicantPhone = applicantPhone
        self.acceptedAt = acceptedAt
        self.promisedDate = promisedDate
        self.originalPromisedDate = originalPromisedDate ?? promisedDate
        self.extensionReason = extensionReason
        self.stage = stage
        self.readyAt = readyAt
        self.closedAt = closedAt
        self.acceptedBy = acceptedBy
    }

    /// Whether the case is still being worked on (办理中 or 已延期, overdue or not).
    public var isOpen: Bool { stage == .inProgress || stage == .extended }

    /// The status as seen on `today`: an open case whose promised date has passed is 逾期 from the
    /// day after that date on.
    public func status(on today: LocalDate) -> CaseStatus {
        isOpen && today > promisedDate ? .overdue : stage
    }
}

/// The event of an accepted application: everything the case starts with.
public struct CaseAccepted: Sendable, Hashable, Codable {
    public var caseNumber: String
    /// Journaled, never published (see ``CodingUserInfoKey/includeSecrets``).
    public var code: String
    public var visitID: String
    public var serviceID: String
    public var applicantName: String?
    public var applicantPhone: String?
    public var promisedDate: LocalDate
    /// Who accepted it.
    public var by: String?

    public init(
        caseNumber: String, code: String, visitID: String, serviceID: String, applicantName: String?, applicantPhone: String?,
        promisedDate: LocalDate, by: String?
    ) {
        self.caseNumber = caseNumber
        self.code = code
        self.visitID = visitID
        self.serviceID = serviceID
        self.applicantName = applicantName
        self.applicantPhone = applicantPhone
        self.promisedDate = promisedDate
        self.by = by
    }

    private enum Key: String, CodingKey {
        case caseNumber, code, visitID, serviceID, applicantName, applicantPhone, promisedDate, by
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        caseNumber = try c.decode(String.self, forKey: .caseNumber)
        code = try c.decodeIfPresent(String.self, forKey: .code) ?? ""
        visitID = try c.decode(String.self, forKey: .visitID)
        serviceID = try c.decode(String.self, forKey: .serviceID)
        applicantName = try c.decodeIfPresent(String.self, forKey: .applicantName)
        applicantPhone = try c.decodeIfPresent(String.self, forKey: .applicantPhone)
        promisedDate = try c.decode(LocalDate.self, forKey: .promisedDate)
        by = try c.decodeIfPresent(String.self, forKey: .by)
    }

    /// The code only when it is not empty: the API and the live feed get the event without it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(caseNumber, forKey: .caseNumber)
        if !code.isEmpty { try c.encode(code, forKey: .code) }
        try c.encode(visitID, forKey: .visitID)
        try c.encode(serviceID, forKey: .serviceID)
        try c.encodeIfPresent(applicantName, forKey: .applicantName)
        try c.encodeIfPresent(applicantPhone, forKey: .applicantPhone)
        try c.encode(promisedDate, forKey: .promisedDate)
        try c.encodeIfPresent(by, forKey: .by)
    }
}

/// The event of a finished visit's outcome, journaled right after `visitFinished`.
public struct VisitOutcomeRecorded: Sendable, Hashable {
    public var visitID: String
    public var window: Int
    public var serviceID: String
    public var outcome: VisitOutcome
    /// The case opened by an accepted visit.
    public var caseNumber: String?
    /// The staff member who finished the visit.
    public var by: String?

    public init(visitID: String, window: Int, serviceID: String, outcome: VisitOutcome, caseNumber: String?, by: String?) {
        self.visitID = visitID
        self.window = window
        self.serviceID = serviceID
        self.outcome = outcome
        self.caseNumber = caseNumber
        self.by = by
    }
}

extension VisitOutcomeRecorded: Codable {
    private enum Key: String, CodingKey { case visitID, window, serviceID, caseNumber, by }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        visitID = try c.decode(String.self, forKey: .visitID)
        window = try c.decode(Int.self, forKey: .window)
        serviceID = try c.decode(String.self, forKey: .serviceID)
        outcome = try VisitOutcome(from: decoder)
        caseNumber = try c.decodeIfPresent(String.self, forKey: .caseNumber)
        by = try c.decodeIfPresent(String.self, forKey: .by)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(visitID, forKey: .visitID)
        try c.encode(window, forKey: .window)
        try c.encode(serviceID, forKey: .serviceID)
        try outcome.encode(to: encoder)
        try c.encodeIfPresent(caseNumber, forKey: .caseNumber)
        try c.encodeIfPresent(by, forKey: .by)
    }
}
