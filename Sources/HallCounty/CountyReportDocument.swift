import Foundation
import HallCore
import HallReports

/// The county monthly report (全县办件情况月报) as a document: one row per hall holding that hall's
/// own monthly report total (``MonthlyReport``, every column: visits, outcomes, cases, waits,
/// satisfaction, bad ratings and their follow-ups, complaints, appointments), the county's total,
/// and the county by service — the same ``ReportTable`` and ``ReportDocument`` as a hall's report,
/// so its CSV and PDF are made the same way.
public struct CountyReportDocument: Sendable {
    public var month: ReportMonth
    /// One row per hall (its report's total row), then the county's total.
    public var byHall: ReportTable
    /// The county's services over all halls, then the county's total.
    public var byService: ReportTable
    public var daily: ReportChart
    /// The wait targets of the halls, when they differ (the total's 超时等候率 counts against the first).
    var waitTargets: [Int]

    init(month: ReportMonth, byHall: ReportTable, byService: ReportTable, daily: ReportChart, waitTargets: [Int]) {
        self.month = month
        self.byHall = byHall
        self.byService = byService
        self.daily = daily
        self.waitTargets = waitTargets
    }

    /// The report as one document for the PDF and the CSV.
    public var document: ReportDocument {
        var notes = [
            "每个乡镇一行，即该乡镇便民服务中心本月办件情况月报的合计行；全县合计按全部乡镇的办件计算。",
            "One row per hall: the total row of that hall's own monthly report; the county total counts every hall's visits together.",
        ]
        if waitTargets.count > 1 {
            notes.append(
                "各乡镇等候目标不同（\(waitTargets.map(String.init).joined(separator: "/")) 分钟）：各行按本乡镇目标，全县合计按 \(waitTargets.first ?? 0) 分钟。"
            )
        }
        return ReportDocument(
            title: "全县乡镇便民服务中心办件情况月报", subtitle: "\(month.chinese) · County monthly case report, \(month)",
            tables: [byHall, byService], charts: [daily], notes: notes)
    }
}
