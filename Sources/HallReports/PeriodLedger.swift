public import Foundation
public import HallCore

/// One visit of a period as the reports see it: folded from its journal events, from ticket to rating.
public struct VisitRecord: Sendable, Hashable, Codable {
    public var id: String
    public var number: String
    /// The hall's local date the ticket was taken.
    public var day: LocalDate
    /// The service the visit ended in (after any transfer).
    public var serviceID: String
    public var priority: Priority
    public var status: VisitStatus
    public var issuedAt: Date
    /// The first call: the end of the resident's wait.
    public var calledAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The window that last held the visit.
    public var window: Int?
    /// The member of staff who finished it.
    public var staffID: String?
    public var transfers: Int
    /// The ticket was taken for an appointment (预约).
    public var appointment: Bool
    public var rating: RatingLevel?
    /// A bad rating from evaluator keys, whose reason the administrator must find out.
    public var ratingReasonPending: Bool
    /// What the visit came to (办结, 受理, 补正 …), when the clerk said.
    public var outcome: VisitOutcome.Kind?

    /// Seconds from ticket to first call; nil when never called.
    public var waitSeconds: Double? { calledAt.map { $0.timeIntervalSince(issuedAt) } }

    /// Seconds from start of service to finish; nil unless finished.
    public var serviceSeconds: Double? {
        guard let start = startedAt ?? calledAt, let end = finishedAt else { return nil }
        return end.timeIntervalSince(start)
    }
}

/// A member of staff's presence from `at` on (去向), as the presence board showed it.
public struct PresenceChange: Sendable, Hashable, Codable {
    public var staffID: String
    public var at: Date
    public var status: PresenceStatus

    public init(staffID: String, at: Date, status: PresenceStatus) {
        self.staffID = staffID
        self.at = at
        self.status = status
    }
}

/// A period's journal folded into what the reports count: every visit with its outcome and rating,
/// and every presence change. Pure: the same entries always give the same ledger, wherever they
/// were read from (this hall's SQLite, or the county's copy of its journal).
///
/// ```swift
/// let ledger = PeriodLedger(entries: try database.entries(from: start, to: end), utcOffsetMinutes: 480)
/// let figures = PeriodStatistics(ledger.visits, by: .service, waitTargetMinutes: 20)
/// ```
public struct PeriodLedger: Sendable {
    /// The visits whose ticket was taken in the entries, oldest first.
    public private(set) var visits: [VisitRecord] = []
    public private(set) var presenceChanges: [PresenceChange] = []
    private var index: [String: Int] = [:]

    public init(entries: [JournalEntry], utcOffsetMinutes: Int) {
        for entry in entries { fold(entry, utcOffsetMinutes: utcOffsetMinutes) }
    }

    private mutating func update(_ id: String, _ change: (inout VisitRecord) -> Void) {
        guard let i = index[id] else { return }
        change(&visits[i])
    }

    private mutating func fold(_ entry: JournalEntry, utcOffsetMinutes: Int) {
        let at = entry.at
        switch entry.event {
        case .ticketIssued(let t):
            index[t.visitID] = visits.count
            visits.append(
                VisitRecord(
                    id: t.visitID, number: t.number, day: LocalDate.local(at, utcOffsetMinutes: utcOffsetMinutes).date,
                    serviceID: t.serviceID, priority: t.priority, status: .waiting, issuedAt: at, transfers: 0,
                    appointment: t.appointmentAt != nil, ratingReasonPending: false))
        case .visitCalled(let id, _, let window, _, _):
            update(id) { v in
                v.status = .called
                v.window = window
                if v.calledAt == nil { v.calledAt = at }
            }
        case .serviceStarted(let id, let window):
            update(id) { v in
                v.status = .serving
                v.window = window
                if v.startedAt == nil { v.startedAt = at }
            }
        case .visitFinished(let id, let window, let staffID):
            update(id) { v in
                v.status = .finished
                v.window = window
                v.staffID = staffID
                v.finishedAt = at
            }
        case .visitNoShow(let id, _, _):
            update(id) { $0.status = .noShow }
        case .visitTransferred(let id, _, let service, _, _):
            update(id) { v in
                v.status = .waiting
                v.serviceID = service
                v.transfers += 1
            }
        case .visitHeld(let id, _):
            update(id) { $0.status = .held }
        case .visitResumed(let id, _):
            update(id) { v in
                v.status = .serving
                if v.startedAt == nil { v.startedAt = at }
            }
        case .visitCancelled(let id, _):
            update(id) { $0.status = .cancelled }
        case .ratingRecorded(let r):
            update(r.visitID) { v in
                v.rating = r.level
                v.ratingReasonPending = r.reasonPending
            }
        case .visitOutcome(let o):
            update(o.visitID) { $0.outcome = o.outcome.kind }
        case .presenceChanged(let staffID, let presence):
            presenceChanges.append(PresenceChange(staffID: staffID, at: at, status: presence.status))
        default:
            // Window, device and day events, and anything the reports do not count.
            break
        }
    }
}

/// A calendar month of the hall, `2026-11`.
public struct ReportMonth: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            (1...12).contains(m)
        else { return nil }
        year = y
        month = m
    }

    public var first: LocalDate { LocalDate(year: year, month: month, day: 1) }
    public var last: LocalDate { LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year)) }
    public var description: String { "\(year)-" + (month < 10 ? "0" : "") + "\(month)" }
    /// The instants the month's local days span: from its first midnight to the next month's.
    public func span(utcOffsetMinutes: Int) -> (start: Date, end: Date) {
        (
            first.instant(minute: 0, utcOffsetMinutes: utcOffsetMinutes),
            last.adding(days: 1).instant(minute: 0, utcOffsetMinutes: utcOffsetMinutes)
        )
    }

    /// `2026年11月`.
    public var chinese: String { "\(year)年\(month)月" }
}
