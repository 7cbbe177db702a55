import Foundation
import HallApp
import HallCore
import HallReports
import Testing

/// 公布考核结果: the information board's summary of the scripted month by window.
@Suite("The public appraisal summary by window")
struct PublicAppraisalTests {
    @Test("one row per window held by a member of staff, with the sheet's served, rates and score; nothing personal")
    func summaryEqualsTheSheet() async throws {
        let store = try await MonthStore()
        let m = store.month
        let sheet = try store.reporter.appraisal(ReportMonth("2026-11")!)
        let summary = PublicAppraisal(sheet, windows: ScriptedMonth.configuration.windows)
        #expect(summary.month == "2026-11")
        // 赵敏 holds no window: she is on the sheet, not on the board.
        #expect(summary.rows.map(\.window) == [1, 2])
        #expect(summary.rows.map(\.staffName) == ["张伟", "李娜"])
        #expect(summary.rows.map(\.windowName.zh) == ["社保窗口", "民政窗口"])
        for (row, window) in zip(summary.rows, [1, 2]) {
            let staff = ScriptedMonth.staffOf[window]!
            let sheetRow = try #require(sheet.subjects.firstIndex { $0.staff.id == staff })
            // The script's own counts …
            let tally = m.byStaff[staff] ?? Tally()
            #expect(row.served == tally.served)
            #expect(row.satisfactionRate == (tally.rated > 0 ? Double(tally.rated - tally.bad) / Double(tally.rated) : nil))
            let cases = m.byWindow[window]!
            #expect(row.onTimeRate == (cases.casesFinished > 0 ? Double(cases.casesOnTime) / Double(cases.casesFinished) : nil))
            // … and the sheet's cells.
            #expect(sheet.table.value(row: sheetRow, key: "served") == .count(row.served))
            #expect(sheet.table.value(row: sheetRow, key: "satisfaction_rate") == .rate(row.satisfactionRate))
            #expect(sheet.table.value(row: sheetRow, key: "on_time_rate") == .rate(row.onTimeRate))
            #expect(sheet.table.value(row: sheetRow, key: "score") == .score(row.score))
        }
        #expect(summary.rows.contains { $0.served > 0 && $0.satisfactionRate != nil })
        // The answer carries no phone, department, staff id or rating reason.
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        for secret in ["13800000001", "13800000002", "社会保障\"", "\"zhang\"", "\"li\"", "reason", "phone"] {
            #expect(!json.contains(secret), "\(secret)")
        }
    }

    @Test("the month before: December after November, December of last year before January")
    func previousMonth() {
        #expect(ReportMonth("2026-12")!.previous == ReportMonth("2026-11")!)
        #expect(ReportMonth("2027-01")!.previous == ReportMonth("2026-12")!)
        #expect(ReportMonth("2026-10")!.previous.description == "2026-09")
    }
}
