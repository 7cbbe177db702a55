import Foundation
public import HallCore
public import HallReports
public import HallStore

/// A report's file format.
public enum ReportFormat: String, Sendable, CaseIterable {
    case pdf
    case csv

    public var contentType: String { self == .pdf ? "application/pdf" : "text/csv; charset=utf-8" }
}

/// Reads what the reports need from the hall's database and hands it to the pure computations of
/// HallReports: the journal of a period folded into a ledger, the presence history into attendance.
/// Used by the HTTP routes and by `hall report`.
public struct HallReporter: Sendable {
    let database: HallDatabase
    let configuration: HallConfiguration

    public init(database: HallDatabase, configuration: HallConfiguration) {
        self.database = database
        self.configuration = configuration
    }

    var offset: Int { configuration.schedule.utcOffsetMinutes }

    /// The instants the local days `from` through `to` span.
    func span(_ from: LocalDate, _ to: LocalDate) -> (Date, Date) {
        (from.instant(minute: 0, utcOffsetMinutes: offset), to.adding(days: 1).instant(minute: 0, utcOffsetMinutes: offset))
    }

    /// The visits whose tickets were taken on the days `from` through `to`, from the visit ledger
    /// the journal keeps up (the same fold as ``PeriodLedger`` of the period's entries).
    public func visits(from: LocalDate, to: LocalDate) throws -> [VisitRecord] {
        let (start, end) = span(from, to)
        return try database.ledgerVisits(from: start, to: end, utcOffsetMinutes: offset)
    }

    /// Queue and satisfaction figures of the days `from` through `to`.
    public func statistics(from: LocalDate, to: LocalDate, by grouping: PeriodGrouping) throws -> PeriodStatistics {
        PeriodStatistics(
            try visits(from: from, to: to), by: grouping, waitTargetMinutes: configuration.policy.waitTargetMinutes,
            utcOffsetMinutes: offset, followUps: try followUps(from: from, to: to), until: span(from, to).1)
    }

    /// Every configured member of staff's attendance over the days `from` through `to`; days before
    /// the journal begins (the hall was not running) do not count.
    public func attendance(from requested: LocalDate, to: LocalDate) throws -> [AttendanceRow] {
        let first = try database.firstEntryTime().map { LocalDate.local($0, utcOffsetMinutes: offset).date } ?? to.adding(days: 1)
        let from = max(requested, first)
        let (start, end) = span(from, to)
        let changes = try database.presenceHistory(from: start, to: end).map {
            PresenceChange(staffID: $0.staffID, at: $0.at, status: $0.status)
        }
        return Attendance.rows(
            staff: configuration.staff.map(\.id), changes: changes, schedule: configuration.schedule, from: from, to: to)
    }

    /// The cases accepted before the month's end and not finished before its start.
    public func cases(_ month: ReportMonth) throws -> [CaseFigure] {
        CaseFigure.touching(month, cases: try database.cases(), windows: try database.caseWindows(), utcOffsetMinutes: offset)
    }

    /// The follow-ups of the visits whose tickets were taken on the days `from` through `to` (a
    /// follow-up is known by its visit's id, which begins with the visit's day): what a period's
    /// figures look up, without reading a year of them.
    public func followUps(from: LocalDate, to: LocalDate) throws -> [String: FollowUp] {
        try database.followUps(ofVisitIDsFrom: from.compact, before: to.adding(days: 1).compact)
    }

    public func monthly(_ month: ReportMonth) throws -> MonthlyReport {
        MonthlyReport(
            visits: try visits(from: month.first, to: month.last), cases: try cases(month),
            followUps: try followUps(from: month.first, to: month.last),
            complaints: try database.complaintBook().all, appointments: try database.appointments(), configuration: configuration,
            month: month)
    }

    public func appraisal(_ month: ReportMonth) throws -> AppraisalSheet {
        AppraisalSheet(
            visits: try visits(from: month.first, to: month.last), cases: try cases(month),
            attendance: try attendance(from: month.first, to: month.last),
            followUps: try followUps(from: month.first, to: month.last),
            complaints: try database.complaintBook().all, configuration: configuration, month: month)
    }

    /// The document as a file.
    public static func file(_ document: ReportDocument, format: ReportFormat) throws -> Data {
        switch format {
        case .csv: document.csv
        case .pdf: try ReportPDF.render(document)
        }
    }
}
