import Foundation
import HallCore
import HallReports

/// What a comparison line adds from the monthly report (``MonthlyReport`` over the forwarded
/// events): outcomes, cases and their on-time rate, the satisfaction rate as the report counts it,
/// bad ratings and the follow-ups closed, complaints, appointments. The same figures as the
/// county report's rows (``CountyReportDocument``), so the page and the report never disagree.
public struct CountyReportFigures: Sendable, Codable, Hashable {
    /// Visits by outcome kind (`settled`, `accepted`, `papersMissing`, …).
    public var outcomes: [String: Int]
    /// 一次办结率.
    public var oneVisitRate: Double?
    public var casesAccepted: Int
    public var casesFinished: Int
    /// 按时办结率.
    public var onTimeRate: Double?
    /// 满意率 (基本满意 or better over the rated).
    public var satisfactionRate: Double?
    public var badRatings: Int
    /// 差评整改办结率: bad ratings whose follow-up was closed by the month's end.
    public var followUpClosedRate: Double?
    public var complaints: Int
    public var complaintsRepliedOnTime: Int
    public var appointmentsBooked: Int

    /// The figures of one row of a report table.
    init(_ table: ReportTable, row: Int) {
        func count(_ key: String) -> Int {
            if case .count(let n) = table.value(row: row, key: key) { return n }
            return 0
        }
        func rate(_ key: String) -> Double? {
            if case .rate(let r) = table.value(row: row, key: key) { return r.map { ($0 * 1000).rounded() / 1000 } }
            return nil
        }
        outcomes = Dictionary(uniqueKeysWithValues: VisitOutcome.Kind.allCases.map { ($0.rawValue, count("outcome_\($0.rawValue)")) })
        oneVisitRate = rate("one_visit_rate")
        casesAccepted = count("cases_accepted")
        casesFinished = count("cases_finished")
        onTimeRate = rate("on_time_rate")
        satisfactionRate = rate("satisfaction_rate")
        badRatings = count("bad_ratings")
        followUpClosedRate = rate("bad_closed_rate")
        complaints = count("complaints")
        complaintsRepliedOnTime = count("complaints_replied_on_time")
        appointmentsBooked = count("appointments_booked")
    }
}

extension CountyQueries {
    /// The report's figures of each line of a comparison, by the line's key (a hall's id, a
    /// service's id, `YYYY-MM`, or `total`); `keys`: the lines shown (by month, only those months
    /// are computed). `hall` limits them to one hall.
    public func reportFigures(month: CountyMonth, by grouping: Grouping, hall: String?, keys: [String]) async throws -> [String:
        CountyReportFigures]
    {
        var result: [String: CountyReportFigures] = [:]
        let months = grouping == .month ? keys.compactMap(ReportMonth.init) : ReportMonth(month.description).map { [$0] } ?? []
        for reportMonth in months {
            let document = try await countyReport(month: reportMonth, halls: hall.map { [$0] })
            let table = grouping == .service ? document.byService : document.byHall
            for (i, row) in table.rows.enumerated() {
                guard case .text(let key) = row.first else { continue }
                let figures = CountyReportFigures(table, row: i)
                switch grouping {
                case .hall where key != "total", .service where key != "total": result[key] = figures
                case .total where key == "total": result[key] = figures
                case .month where key == "total": result[reportMonth.description] = figures
                default: break
                }
            }
        }
        return result
    }
}
