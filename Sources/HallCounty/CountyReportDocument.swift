import Foundation
import HallCore
import HallReports
import PostgresNIO

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

    /// `halls`: what each hall's report reads, in the order of the rows.
    init(halls: [CountyHallMonth], month: ReportMonth) {
        self.month = month
        let targets = halls.map(\.profile.waitTargetMinutes)
        waitTargets = Array(Set(targets)).sorted()
        // The county as one hall: every hall's visits and what refers to them, their ids and queue
        // numbers prefixed by the hall's id so that no two halls' visits meet.
        var services: [ReportHall.Named<String>] = []
        for hall in halls {
            for s in hall.profile.reportHall.services where !services.contains(where: { $0.key == s.key }) { services.append(s) }
        }
        let first = halls.first?.profile
        let county = ReportHall(
            name: LocalizedText(zh: "全县", en: "County"), services: services, windows: [],
            waitTargetMinutes: targets.first ?? 15, utcOffsetMinutes: first?.utcOffsetMinutes ?? 480)
        let all = MonthlyReport(
            visits: halls.flatMap { h in h.visits.map { Self.prefixed($0, h.hallID) } },
            cases: halls.flatMap(\.cases),
            followUps: Dictionary(
                halls.flatMap { h in h.followUps.map { ("\(h.hallID)/\($0.key)", $0.value) } }, uniquingKeysWith: { a, _ in a }),
            complaints: halls.flatMap { h in
                h.complaints.map { c in
                    var c = c
                    c.id = "\(h.hallID)/\(c.id)"
                    c.ticket = c.ticket.map { "\(h.hallID)/\($0)" }
                    return c
                }
            },
            appointments: halls.flatMap { h in
                h.appointments.map { a in
                    var a = a
                    a.code = "\(h.hallID)/\(a.code)"
                    a.visitID = a.visitID.map { "\(h.hallID)/\($0)" }
                    return a
                }
            },
            hall: county, month: month)
        var byHall = all.byService
        byHall.kind = "hall"
        byHall.zh = "按乡镇"
        byHall.en = "By hall"
        byHall.rows =
            halls.map { h in
                [.text(h.hallID), .text(h.profile.name.zh)] + (h.report.byService.rows.last ?? []).dropFirst(2)
            } + (all.byService.rows.last.map { [[.text("total"), .text("全县合计 County total")] + $0.dropFirst(2)] } ?? [])
        self.byHall = byHall
        byService = all.byService
        byService.rows[byService.rows.count - 1] = byHall.rows[byHall.rows.count - 1]
        daily = all.daily
    }

    static func prefixed(_ visit: VisitRecord, _ hall: String) -> VisitRecord {
        var visit = visit
        visit.id = "\(hall)/\(visit.id)"
        visit.number = "\(hall)/\(visit.number)"
        return visit
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

extension CountyQueries {
    /// The county monthly report of every hall that has sent its profile (or of `halls` only), by hall id.
    public func countyReport(month: ReportMonth, halls only: [String]? = nil) async throws -> CountyReportDocument {
        var ids: [String] = []
        for try await id in try await client.query("SELECT hall_id FROM halls WHERE profile IS NOT NULL ORDER BY hall_id", logger: logger)
            .decode(String.self) where only?.contains(id) ?? true
        {
            ids.append(id)
        }
        var halls: [CountyHallMonth] = []
        for id in ids {
            if let hall = try await hallMonth(id, month) { halls.append(hall) }
        }
        return CountyReportDocument(halls: halls, month: month)
    }
}
