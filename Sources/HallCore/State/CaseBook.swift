import Foundation

/// The hall's cases (办件) that are still being worked on or were closed lately, as a value: cases
/// outlive the day, so the book is not rebuilt from the day's journal but loaded from its own
/// projection (`cases` table) and then kept by the same events as everything else. A case closed
/// more than ``keptClosedDays`` ago leaves the book when a day starts (``forgetClosed(before:)``):
/// no command acts on it any more, the projection keeps it for its page and the reports, and a hall
/// that runs for years does not hold every case it ever had in memory. ``apply(_:at:)`` is idempotent, so replaying today's journal over a
/// book loaded from the projection (which already holds today's events) changes nothing.
///
/// ```swift
/// var book = CaseBook(cases: try database.cases())
/// let events = try book.decide(.markCaseReady(caseNumber: "20261130-0012", by: "li-na"), today: today)
/// ```
public struct CaseBook: Sendable, Hashable {
    public private(set) var cases: [String: CaseRecord] = [:]
    private var numbersByCode: [String: String] = [:]
    /// The highest sequence per day (`20261130` → 12 after `20261130-0012`).
    private var sequences: [String: Int] = [:]

    /// Days a closed case stays in the book (the console's lists, a pickup just made).
    public static let keptClosedDays = 30

    public init(cases: [CaseRecord] = []) {
        for record in cases { insert(record) }
    }

    /// Drops the cases closed before `cutoff`. Only closed cases leave: every command's case stays.
    public mutating func forgetClosed(before cutoff: Date) {
        for (number, record) in cases where record.closedAt.map({ $0 < cutoff }) == true {
            cases[number] = nil
            numbersByCode[record.code] = nil
        }
    }

    /// The instant before which a day starting at `at` forgets closed cases.
    public static func forgettingCutoff(dayStartedAt at: Date) -> Date { at.addingTimeInterval(-Double(keptClosedDays) * 86_400) }

    /// The case whose page is `/c/<code>`.
    public func caseWith(code: String) -> CaseRecord? { numbersByCode[code].flatMap { cases[$0] } }

    /// The case opened at a visit.
    public func caseOpened(at visitID: String) -> CaseRecord? { cases.values.first { $0.visitID == visitID } }

    /// The number the next case accepted on `day` gets: `20261130-0001`, `20261130-0002` …
    public func nextNumber(on day: LocalDate) -> String {
        let sequence = (sequences[day.compact] ?? 0) + 1
        let digits = String(sequence)
        return day.compact + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Open cases whose promised date has passed on `today`, oldest promise first.
    public func overdue(on today: LocalDate) -> [CaseRecord] {
        cases.values.filter { $0.status(on: today) == .overdue }.sorted { ($0.promisedDate, $0.number) < ($1.promisedDate, $1.number) }
    }

    /// Cases ready for pickup, in the order they became ready.
    public var ready: [CaseRecord] {
        cases.values.filter { $0.stage == .ready }.sorted {
            ($0.readyAt ?? .distantPast, $0.number) < ($1.readyAt ?? .distantPast, $1.number)
        }
    }

    /// What a case command does on `today`: the events, or the refusal.
    public func decide(_ command: HallCommand, today: LocalDate) throws(HallError) -> [HallEvent] {
        switch command {
        case .extendCase(let number, let reason, let date, let by):
            let record = try openCase(number)
            guard record.stage != .extended else {
                throw HallError(.conflict, "already_extended", zh: "办件\(number)已办理过延期", en: "Case \(number) has been extended already")
            }
            let reason = try TextLimit.extensionReason.check(reason)
            guard !reason.isEmpty else {
                throw HallError(.invalid, "reason_required", zh: "延期须注明理由", en: "An extension needs a reason")
            }
            guard date > record.promisedDate, date >= today else {
                throw HallError(
                    .invalid, "bad_promised_date", zh: "延期后的日期须晚于原承诺日期\(record.promisedDate)且不早于今天",
                    en: "The new date must be after \(record.promisedDate) and not before today")
            }
            return [.caseExtended(caseNumber: number, reason: reason, promisedDate: date, by: by)]
        case .markCaseReady(let number, let by):
            _ = try openCase(number)
            return [.caseReady(caseNumber: number, by: by)]
        case .completeCase(let number, let by):
            _ = try openCase(number)
            return [.caseCompleted(caseNumber: number, by: by)]
        case .pickUpCase(let number, let by):
            guard let record = cases[number] else { throw CaseBook.unknownCase(number) }
            guard record.stage == .ready else {
                throw HallError(
                    .conflict, "case_not_ready", zh: "办件\(number)当前为“\(record.status(on: today).label.zh)”，不能取件",
                    en: "Case \(number) is “\(record.status(on: today).label.en)”, not ready for pickup")
            }
            return [.casePickedUp(caseNumber: number, by: by)]
        default:
            return []
        }
    }

    /// Applies a case event; every other event changes nothing. Never fails.
    public mutating func apply(_ event: HallEvent, at: Date) {
        switch event {
        case .caseAccepted(let a):
            guard cases[a.caseNumber] == nil else { return }
            insert(
                CaseRecord(
                    number: a.caseNumber, code: a.code, visitID: a.visitID, serviceID: a.serviceID, applicantName: a.applicantName,
                    applicantPhone: a.applicantPhone, acceptedAt: at, promisedDate: a.promisedDate, acceptedBy: a.by))
        case .caseExtended(let number, let reason, let date, _):
            update(number) {
                $0.promisedDate = date
                $0.extensionReason = reason
                $0.stage = .extended
            }
        case .caseReady(let number, _):
            update(number) {
                $0.stage = .ready
                $0.readyAt = $0.readyAt ?? at
            }
        case .caseCompleted(let number, _):
            update(number) {
                $0.stage = .completed
                $0.closedAt = $0.closedAt ?? at
            }
        case .casePickedUp(let number, _):
            update(number) {
                $0.stage = .pickedUp
                $0.closedAt = $0.closedAt ?? at
            }
        default:
            break
        }
    }

    private mutating func insert(_ record: CaseRecord) {
        cases[record.number] = record
        numbersByCode[record.code] = record.number
        let parts = record.number.split(separator: "-")
        if parts.count == 2, let sequence = Int(parts[1]) {
            sequences[String(parts[0])] = max(sequences[String(parts[0])] ?? 0, sequence)
        }
    }

    private mutating func update(_ number: String, _ change: (inout CaseRecord) -> Void) {
        guard var record = cases[number] else { return }
        change(&record)
        cases[number] = record
    }

    private func openCase(_ number: String) throws(HallError) -> CaseRecord {
        guard let record = cases[number] else { throw CaseBook.unknownCase(number) }
        guard record.isOpen else {
            throw HallError(
                .conflict, "case_closed", zh: "办件\(number)已是“\(record.stage.label.zh)”",
                en: "Case \(number) is “\(record.stage.label.en)” already")
        }
        return record
    }

    static func unknownCase(_ number: String) -> HallError {
        HallError(.notFound, "unknown_case", zh: "没有该办件编号：\(number)", en: "Unknown case number: \(number)")
    }
}
