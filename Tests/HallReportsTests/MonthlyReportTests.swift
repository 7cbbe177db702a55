import Foundation
import GRDB
import HallApp
import HallCore
import HallReports
import HallStore
import Testing

/// A temporary hall database holding the scripted month, removed after the test.
final class MonthStore {
    let directory: String
    let database: HallDatabase
    let month: ScriptedMonth

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallreports-\(UUID().uuidString)").path
        database = try HallDatabase(path: directory + "/hall.sqlite")
        try database.saveConfiguration(ScriptedMonth.configuration)
        month = try ScriptedMonth.november()
        for start in stride(from: 0, to: month.entries.count, by: 500) {
            try await database.append(Array(month.entries[start..<min(start + 500, month.entries.count)]))
        }
    }

    var reporter: HallReporter { HallReporter(database: database, configuration: ScriptedMonth.configuration) }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// The nearest-rank percentile, as the test computes it from its own waits.
func nearestRank(_ waits: [Double], _ p: Double) -> Double {
    let sorted = waits.sorted()
    return sorted[Int((p * Double(sorted.count)).rounded(.up)) - 1]
}

/// Compares a report row with the script's tally, figure by figure.
func expectRow(
    _ table: ReportTable, _ row: Int, equals tally: Tally, target: Double = 20 * 60, sourceLocation: SourceLocation = #_sourceLocation
) {
    func cell(_ key: String) -> ReportValue? { table.value(row: row, key: key) }
    #expect(cell("issued") == .count(tally.issued), sourceLocation: sourceLocation)
    #expect(cell("served") == .count(tally.served), sourceLocation: sourceLocation)
    #expect(cell("no_shows") == .count(tally.noShows), sourceLocation: sourceLocation)
    #expect(cell("appointments") == .count(tally.appointments), sourceLocation: sourceLocation)
    #expect(cell("rated") == .count(tally.rated), sourceLocation: sourceLocation)
    for level in RatingLevel.allCases {
        #expect(cell(MonthlyReport.levelKey(level)) == .count(tally.levels[level] ?? 0), sourceLocation: sourceLocation)
    }
    #expect(cell("satisfaction_rate") == .rate(Double(tally.rated - tally.bad) / Double(tally.rated)), sourceLocation: sourceLocation)
    #expect(cell("bad_ratings") == .count(tally.bad), sourceLocation: sourceLocation)
    #expect(cell("bad_reason_pending") == .count(tally.reasonPending), sourceLocation: sourceLocation)
    #expect(cell("bad_followed_up_rate") == .rate(Double(tally.badFollowedUp) / Double(tally.bad)), sourceLocation: sourceLocation)
    #expect(cell("bad_closed_rate") == .rate(Double(tally.badClosed) / Double(tally.bad)), sourceLocation: sourceLocation)
    #expect(cell("complaints") == .count(tally.complaints), sourceLocation: sourceLocation)
    #expect(cell("complaints_replied_on_time") == .count(tally.complaintsOnTime), sourceLocation: sourceLocation)
    let p50 = (nearestRank(tally.waits, 0.5)).rounded()
    #expect(cell("wait_p50_minutes") == .minutes(p50 / 60), sourceLocation: sourceLocation)
    for kind in VisitOutcome.Kind.allCases {
        #expect(cell("outcome_\(kind.rawValue)") == .count(tally.outcomes[kind] ?? 0), "\(kind)", sourceLocation: sourceLocation)
    }
    let done = [VisitOutcome.Kind.settled, .accepted, .proxy].reduce(0) { $0 + (tally.outcomes[$1] ?? 0) }
    let applications = done + (tally.outcomes[.papersMissing] ?? 0) + (tally.outcomes[.refused] ?? 0)
    #expect(cell("one_visit_rate") == .rate(Double(done) / Double(applications)), sourceLocation: sourceLocation)
    #expect(cell("cases_accepted") == .count(tally.casesAccepted), sourceLocation: sourceLocation)
    #expect(cell("cases_finished") == .count(tally.casesFinished), sourceLocation: sourceLocation)
    #expect(cell("cases_on_time") == .count(tally.casesOnTime), sourceLocation: sourceLocation)
    #expect(cell("cases_overdue") == .count(tally.casesOverdue), sourceLocation: sourceLocation)
    #expect(cell("cases_extended") == .count(tally.casesExtended), sourceLocation: sourceLocation)
    #expect(cell("on_time_rate") == .rate(Double(tally.casesOnTime) / Double(tally.casesFinished)), sourceLocation: sourceLocation)
    let over = Double(tally.waits.count { $0 > target }) / Double(tally.waits.count)
    #expect(cell("wait_over_target_rate") == .rate(over), sourceLocation: sourceLocation)
}

@Suite("The monthly report and the appraisal sheet of a scripted month")
struct MonthlyReportTests {
    @Test("every figure of the monthly report, by service, by window and in total, equals the script's own count")
    func monthlyReport() async throws {
        let store = try await MonthStore()
        let m = store.month
        #expect(m.total.issued > 60 && m.total.noShows > 0 && m.total.reasonPending > 0 && m.total.appointments > 0)
        #expect(m.total.casesFinished > 0 && m.total.casesOverdue > 0 && m.total.casesExtended > 0 && m.total.casesOnTime > 0)
        // Some bad ratings left alone, some taken up, some closed; complaints named and anonymous, replied and not.
        #expect(m.total.badFollowedUp > m.total.badClosed && m.total.badClosed > 0 && m.total.bad > m.total.badFollowedUp)
        let named = m.byService.values.map(\.complaints).reduce(0, +)
        #expect(m.total.complaints > named && named > 0 && m.total.complaintsOnTime > 0 && m.total.complaintsOnTime < m.total.complaints)
        let report = try store.reporter.monthly(ReportMonth("2026-11")!)
        #expect(report.byService.rows.count == 3)
        expectRow(report.byService, 0, equals: m.byService["social"]!)
        expectRow(report.byService, 1, equals: m.byService["civil"]!)
        expectRow(report.byService, 2, equals: m.total)
        #expect(report.byWindow.rows.count == 3)
        expectRow(report.byWindow, 0, equals: m.byWindow[1]!)
        expectRow(report.byWindow, 1, equals: m.byWindow[2]!)
        // The holiday (18th) and closed weekend days have no tickets; every ticket is on some day.
        #expect(report.daily.values[17] == 0)
        #expect(report.daily.values.reduce(0, +) == m.total.issued)
        // December holds none of it.
        let december = try store.reporter.monthly(ReportMonth("2026-12")!)
        #expect(december.byService.value(row: 2, key: "issued") == .count(0))
    }

    @Test("attendance from the presence history: opening minutes from the schedule, absences as the script set them")
    func attendance() async throws {
        let store = try await MonthStore()
        let m = store.month
        let rows = try store.reporter.attendance(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-30")!)
        #expect(rows.map(\.staffID) == ["zhang", "li", "zhao"])
        for row in rows {
            let absences = m.absences[row.staffID] ?? [:]
            #expect(row.openMinutes == m.openMinutes)
            #expect(row.onDutyMinutes == m.openMinutes - absences.values.reduce(0, +))
            for status in PresenceStatus.allCases where status != .onDuty {
                #expect(row.absenceMinutes[status.rawValue] == absences[status] ?? 0, "\(row.staffID) \(status)")
            }
        }
        // A period that starts while 张伟 is on leave starts with his leave: the 20th alone.
        let twentieth = try store.reporter.attendance(from: LocalDate("2026-11-20")!, to: LocalDate("2026-11-20")!)
        #expect(twentieth[0].absenceMinutes["leave"] == 210 && twentieth[0].onDutyMinutes == 210)
    }

    @Test("the appraisal sheet: visits served, ratings, attendance and the score from the hall file's weights")
    func appraisal() async throws {
        let store = try await MonthStore()
        let m = store.month
        let sheet = try store.reporter.appraisal(ReportMonth("2026-11")!)
        let weights = ScriptedMonth.configuration.policy.appraisal
        let most = m.byStaff.values.map(\.served).max()!
        // Complaints naming a ticket concern who served it; anonymous ones concern nobody.
        let concerning = m.byStaff.values.map(\.complaints).reduce(0, +)
        #expect(concerning > 0 && concerning < m.total.complaints)
        for (row, id) in ["zhang", "li", "zhao"].enumerated() {
            let tally = m.byStaff[id] ?? Tally()
            #expect(sheet.table.value(row: row, key: "served") == .count(tally.served))
            #expect(sheet.table.value(row: row, key: "rated") == .count(tally.rated))
            #expect(sheet.table.value(row: row, key: "bad_ratings") == .count(tally.bad))
            #expect(
                sheet.table.value(row: row, key: "bad_closed_rate")
                    == .rate(tally.bad > 0 ? Double(tally.badClosed) / Double(tally.bad) : nil))
            #expect(sheet.table.value(row: row, key: "complaints") == .count(tally.complaints), "\(id)")
            for level in RatingLevel.allCases {
                #expect(sheet.table.value(row: row, key: MonthlyReport.levelKey(level)) == .count(tally.levels[level] ?? 0))
            }
            let absent = (m.absences[id] ?? [:]).values.reduce(0, +)
            let attendance = Double(m.openMinutes - absent) / Double(m.openMinutes)
            // Nobody rated: the hall's rate counts.
            let satisfaction =
                Double(tally.rated > 0 ? tally.rated - tally.bad : m.total.rated - m.total.bad)
                / Double(tally.rated > 0 ? tally.rated : m.total.rated)
            // The cases a window's clerk accepted are the window's; nothing finished counts in full.
            let cases = ["zhang": m.byWindow[1]!, "li": m.byWindow[2]!][id] ?? Tally()
            let onTime = cases.casesFinished > 0 ? Double(cases.casesOnTime) / Double(cases.casesFinished) : 1
            #expect(sheet.table.value(row: row, key: "cases_accepted") == .count(cases.casesAccepted))
            let expected =
                Double(weights.satisfaction) * satisfaction + Double(weights.onTime) * onTime + Double(weights.attendance) * attendance
                + Double(weights.visits) * Double(tally.served) / Double(most) - Double(weights.badRatingPenalty * tally.bad)
                - Double(weights.complaintPenalty * tally.complaints)
            #expect(sheet.table.value(row: row, key: "score") == .score(max(0, min(100, expected))), "\(id)")
        }
        // 赵敏 served nobody: no ratings, full attendance, and no more points than the hall's rate gives.
        #expect(sheet.table.value(row: 2, key: "attendance_rate") == .rate(1))
        #expect(sheet.table.value(row: 2, key: "satisfaction_rate") == .rate(nil))
    }

    @Test("period statistics by hour and by day add up to the total, whose waits and follow-up closure are the script's")
    func periodStatistics() async throws {
        let store = try await MonthStore()
        let m = store.month
        for grouping in PeriodGrouping.allCases {
            let s = try store.reporter.statistics(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-30")!, by: grouping)
            #expect(s.total.issued == m.total.issued)
            if grouping == .hour || grouping == .day || grouping == .service {
                #expect(s.rows.reduce(0) { $0 + $1.issued } == m.total.issued, "\(grouping)")
            }
            #expect(s.total.waitP90Seconds == Int(nearestRank(m.total.waits, 0.9).rounded()))
            #expect(s.total.noShowRate == Double(m.total.noShows) / Double(m.total.noShows + m.total.served))
            #expect(s.total.followUpsClosed == m.total.badClosed)
            #expect(s.total.followUpClosureRate == Double(m.total.badClosed) / Double(m.total.bad))
        }
        let byService = try store.reporter.statistics(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-30")!, by: .service)
        #expect(byService.rows.map(\.followUpsClosed) == [m.byService["civil"]!.badClosed, m.byService["social"]!.badClosed])
        let byDay = try store.reporter.statistics(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-30")!, by: .day)
        #expect(!byDay.rows.contains { $0.key == "2026-11-18" || $0.key == "2026-11-07" })
        #expect(byDay.rows.contains { $0.key == "2026-11-21" })
    }

    @Test("the presence history migration fills the table from a journal written before it")
    func presenceBackfill() async throws {
        let store = try await MonthStore()
        let path = store.directory + "/hall.sqlite"
        let kept = try store.database.presenceHistory(from: .distantPast, to: .distantFuture)
        #expect(kept.count == 6)
        // Back to the database as v4 left it: no history table, the migration not yet run.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE presenceHistory; DROP INDEX events_at;
                    DELETE FROM grdb_migrations WHERE identifier = 'v5-presence-history';
                    """)
        }
        try queue.close()
        let reopened = try HallDatabase(path: path)
        #expect(try reopened.presenceHistory(from: .distantPast, to: .distantFuture) == kept)
    }
}

@Suite("Appointments in the monthly report")
struct AppointmentReportTests {
    @Test("booked, checked in and missed per service; by window only the checked-in ones; cancelled and December ones left out")
    func appointments() async throws {
        let store = try await MonthStore()
        let visits = try store.reporter.visits(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-30")!)
        let atWindow1 = try #require(visits.first { $0.window == 1 && $0.serviceID == "social" })
        func booking(_ code: String, _ service: String, _ day: String, _ status: AppointmentStatus, visit: String? = nil) -> Appointment {
            Appointment(
                code: code, serviceID: service, day: LocalDate(day)!, slot: 9 * 60, name: "王芳", phone: "13900000000", status: status,
                bookedAt: Date(timeIntervalSince1970: 0), bookedBy: nil, visitID: visit)
        }
        let script = [
            booking("A1", "social", "2026-11-03", .checkedIn, visit: atWindow1.id), booking("A2", "social", "2026-11-04", .missed),
            booking("A3", "social", "2026-11-05", .booked), booking("A4", "civil", "2026-11-06", .missed),
            booking("A5", "civil", "2026-11-09", .cancelled), booking("A6", "civil", "2026-12-01", .booked),
        ]
        let report = MonthlyReport(
            visits: visits, appointments: script, configuration: ScriptedMonth.configuration, month: ReportMonth("2026-11")!)
        func row(_ table: ReportTable, _ r: Int) -> [ReportValue?] {
            ["appointments_booked", "appointments_checked_in", "appointments_missed"].map { table.value(row: r, key: $0) }
        }
        #expect(row(report.byService, 0) == [.count(3), .count(1), .count(1)])
        #expect(row(report.byService, 1) == [.count(1), .count(0), .count(1)])
        #expect(row(report.byService, 2) == [.count(4), .count(1), .count(2)])
        #expect(row(report.byWindow, 0) == [.count(1), .count(1), .count(0)])
        #expect(row(report.byWindow, 1) == [.count(0), .count(0), .count(0)])
        #expect(row(report.byWindow, 2) == [.count(4), .count(1), .count(2)])
    }
}
