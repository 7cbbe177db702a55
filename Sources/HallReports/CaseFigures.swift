public import Foundation
public import HallCore

/// An accepted case (办件) as the reports count it: the case as the hall keeps it (a case can be
/// accepted in one month and finished in another) and the window that accepted it, when known.
public struct CaseFigure: Sendable, Hashable {
    public var record: CaseRecord
    public var window: Int?

    public init(_ record: CaseRecord, window: Int?) {
        self.record = record
        self.window = window
    }

    /// When the result was ready or the case completed; nil while in progress.
    public var finishedAt: Date? { record.readyAt ?? record.closedAt }

    /// The cases a month's report counts: accepted before the month's end and not finished before
    /// its start, each with the window that accepted it (`windows` by case number).
    public static func touching(
        _ month: ReportMonth, cases: [CaseRecord], windows: [String: Int], utcOffsetMinutes: Int
    ) -> [CaseFigure] {
        let (start, end) = month.span(utcOffsetMinutes: utcOffsetMinutes)
        return cases.filter { c in
            c.acceptedAt < end && (c.readyAt ?? c.closedAt).map { $0 >= start } ?? true
        }.map { CaseFigure($0, window: windows[$0.number]) }
    }
}

/// What one row of a report counts: its visits of the month, the cases touching the month, the
/// complaints received and the appointments for days of the month; `followUps` (by the rated
/// visit's id) looks up the follow-up of any bad rating among the visits.
public struct ReportRowSubject: Sendable, Hashable {
    public var visits: [VisitRecord]
    public var cases: [CaseFigure]
    public var followUps: [String: FollowUp]
    public var complaints: [ComplaintFigure]
    public var appointments: [Appointment]

    public init(
        visits: [VisitRecord], cases: [CaseFigure] = [], followUps: [String: FollowUp] = [:], complaints: [ComplaintFigure] = [],
        appointments: [Appointment] = []
    ) {
        self.visits = visits
        self.cases = cases
        self.followUps = followUps
        self.complaints = complaints
        self.appointments = appointments
    }
}

/// The case counts of a month (docs/reports.md): accepted in the month; finished (ready or completed)
/// in the month, on time when by the promised date; overdue = finished late in the month or still
/// open after its promised date at the month's end; extended = finished in the month after a 延期.
public struct CaseCounts: Sendable, Hashable {
    public var accepted = 0
    public var finished = 0
    public var onTime = 0
    public var overdue = 0
    public var extended = 0

    public var onTimeRate: Double? { PeriodFigures.rate(onTime, finished) }

    public init(_ cases: [CaseFigure], month: ReportMonth, utcOffsetMinutes: Int) {
        func day(_ instant: Date) -> LocalDate { LocalDate.local(instant, utcOffsetMinutes: utcOffsetMinutes).date }
        let inMonth = { (d: LocalDate) in d >= month.first && d <= month.last }
        for c in cases {
            if inMonth(day(c.record.acceptedAt)) { accepted += 1 }
            if let finished = c.finishedAt.map(day) {
                guard inMonth(finished) else {
                    // Finished after the month: at the month's end it was still open.
                    if finished > month.last && day(c.record.acceptedAt) <= month.last && c.record.promisedDate < month.last {
                        overdue += 1
                    }
                    continue
                }
                self.finished += 1
                if finished <= c.record.promisedDate { onTime += 1 } else { overdue += 1 }
                if c.record.promisedDate != c.record.originalPromisedDate { extended += 1 }
            } else if day(c.record.acceptedAt) <= month.last && c.record.promisedDate < month.last {
                overdue += 1
            }
        }
    }
}
