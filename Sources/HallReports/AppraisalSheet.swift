public import Foundation
public import HallCore

/// One member of staff's month, as the appraisal sheet scores it.
public struct AppraisalSubject: Sendable, Hashable {
    public var staff: Staff
    /// The visits this member of staff finished.
    public var served: [VisitRecord]
    public var attendance: AttendanceRow
    /// The cases this member of staff accepted that touch the month, counted as ``CaseCounts``.
    public var cases: CaseCounts
    /// Complaints (投诉) received in the month whose ticket this member of staff served.
    public var complaints: Int
    /// The follow-ups of bad ratings, by the rated visit's id, and the month's end they are counted at.
    public var followUps: [String: FollowUp] = [:]
    public var monthEnd: Date = .distantFuture
    /// The most visits any member of staff finished in the month (the visits points' yardstick).
    public var mostServed: Int
    /// The whole hall's satisfaction rate that month: what counts for someone nobody rated.
    public var hallSatisfactionRate: Double?
    public var weights: AppraisalWeights

    /// Rated 基本满意 or better over rated; nil when nobody rated.
    public var satisfactionRate: Double? {
        let ratings = served.compactMap(\.rating)
        return PeriodFigures.rate(ratings.count { !$0.isBad }, ratings.count)
    }

    /// The score out of 100 (docs/reports.md): each rate times its points, minus penalties. Nobody
    /// rated: the hall's satisfaction rate counts (neither reward nor blame); no case finished in
    /// the month: the on-time rate counts in full.
    public var score: Double {
        let visitsShare = mostServed > 0 ? Double(served.count) / Double(mostServed) : 1
        let points =
            Double(weights.satisfaction) * (satisfactionRate ?? hallSatisfactionRate ?? 1) + Double(weights.onTime)
            * (cases.onTimeRate ?? 1)
            + Double(weights.attendance) * (attendance.attendanceRate ?? 1) + Double(weights.visits) * visitsShare
        let bad = served.count { $0.rating?.isBad == true }
        let penalty = Double(weights.badRatingPenalty * bad + weights.complaintPenalty * complaints)
        return max(0, min(100, points - penalty))
    }
}

/// The staff appraisal sheet (考核表): per member of staff, the visits served, satisfaction, bad
/// ratings, complaints, attendance from the presence history, and the score with the hall file's
/// weights (`appraisal:`). Pure, like ``MonthlyReport``.
public struct AppraisalSheet: Sendable {
    public var month: ReportMonth
    public var hallName: LocalizedText
    public var subjects: [AppraisalSubject]
    public var table: ReportTable

    /// The column groups, in order: each one function over a member of staff's month.
    public static let groups: [ColumnGroup<AppraisalSubject>] = [servedGroup, caseGroup, satisfactionGroup, attendanceGroup, scoreGroup]

    public static let caseGroup = ColumnGroup<AppraisalSubject>(
        [
            ReportColumn("cases_accepted", "受理件数", "Cases accepted"), ReportColumn("cases_finished", "办结件数", "Cases finished"),
            ReportColumn("cases_overdue", "超期件数", "Overdue"), ReportColumn("on_time_rate", "按时办结率", "On-time rate"),
        ]
    ) { s in [.count(s.cases.accepted), .count(s.cases.finished), .count(s.cases.overdue), .rate(s.cases.onTimeRate)] }

    public static let servedGroup = ColumnGroup<AppraisalSubject>(
        [ReportColumn("served", "办理数", "Served"), ReportColumn("windows", "窗口", "Windows")]
    ) { s in
        [.count(s.served.count), .text(Set(s.served.compactMap(\.window)).sorted().map(String.init).joined(separator: " "))]
    }

    /// Satisfaction, bad ratings and their follow-up as the monthly report counts them, and the
    /// complaints concerning the member of staff.
    public static let satisfactionGroup = ColumnGroup<AppraisalSubject>(
        MonthlyReport.satisfactionGroup.columns + MonthlyReport.badRatingGroup(until: .distantFuture).columns
            + [ReportColumn("complaints", "投诉数", "Complaints")]
    ) { s in
        let row = ReportRowSubject(visits: s.served, followUps: s.followUps)
        return MonthlyReport.satisfactionGroup.values(row) + MonthlyReport.badRatingGroup(until: s.monthEnd).values(row)
            + [.count(s.complaints)]
    }

    public static let attendanceGroup = ColumnGroup<AppraisalSubject>(
        [
            ReportColumn("open_hours", "开放时长(时)", "Open (h)"), ReportColumn("on_duty_hours", "在岗时长(时)", "On duty (h)"),
            ReportColumn("attendance_rate", "在岗率", "Attendance"),
        ]
            + PresenceStatus.allCases.filter { $0 != .onDuty }.map {
                ReportColumn("\($0.rawValue)_minutes", "\($0.label.zh)(分)", "\($0.label.en) (min)")
            }
    ) { s in
        let a = s.attendance
        return [
            .minutes(Double(a.openMinutes) / 60), .minutes(Double(a.onDutyMinutes) / 60), .rate(a.attendanceRate),
        ] + PresenceStatus.allCases.filter { $0 != .onDuty }.map { .count(a.absenceMinutes[$0.rawValue] ?? 0) }
    }

    public static let scoreGroup = ColumnGroup<AppraisalSubject>([ReportColumn("score", "考核得分", "Score")]) { s in [.score(s.score)] }

    /// `visits`: the month's visits (others are left out); `attendance`: one row per member of staff;
    /// `followUps`: by the rated visit's id; `complaints`: any (those received in the month whose
    /// ticket a member of staff served count for that member; the others for nobody).
    public init(
        visits all: [VisitRecord], cases: [CaseFigure] = [], attendance: [AttendanceRow], followUps: [String: FollowUp] = [:],
        complaints allComplaints: [Complaint] = [], configuration: HallConfiguration, month: ReportMonth
    ) {
        self.month = month
        hallName = configuration.name
        let visits = all.filter { $0.day >= month.first && $0.day <= month.last && $0.status == .finished }
        let byStaff = Dictionary(grouping: visits.filter { $0.staffID != nil }) { $0.staffID! }
        let most = byStaff.values.map(\.count).max() ?? 0
        let ratings = visits.compactMap(\.rating)
        let hallRate = PeriodFigures.rate(ratings.count { !$0.isBad }, ratings.count)
        let attendanceByStaff = Dictionary(attendance.map { ($0.staffID, $0) }, uniquingKeysWith: { a, _ in a })
        let offset = configuration.schedule.utcOffsetMinutes
        let complaints = ComplaintFigure.matching(
            allComplaints.filter { month.contains($0.submittedAt, utcOffsetMinutes: offset) }, visits: visits, utcOffsetMinutes: offset)
        let complaintsByStaff = Dictionary(grouping: complaints.compactMap { $0.visit?.staffID }, by: { $0 }).mapValues(\.count)
        subjects = configuration.staff.map { member in
            AppraisalSubject(
                staff: member, served: byStaff[member.id] ?? [],
                attendance: attendanceByStaff[member.id]
                    ?? AttendanceRow(staffID: member.id, openMinutes: 0, onDutyMinutes: 0, absenceMinutes: [:], attendanceRate: nil),
                cases: CaseCounts(
                    cases.filter { $0.record.acceptedBy == member.id }, month: month,
                    utcOffsetMinutes: configuration.schedule.utcOffsetMinutes),
                complaints: complaintsByStaff[member.id] ?? 0, followUps: followUps, monthEnd: month.end(utcOffsetMinutes: offset),
                mostServed: most, hallSatisfactionRate: hallRate, weights: configuration.policy.appraisal)
        }
        table = ReportTable(
            kind: "staff", zh: "工作人员考核", en: "Staff appraisal",
            lead: [
                ReportColumn("key", "编号", "Key"), ReportColumn("name", "姓名", "Name"), ReportColumn("department", "部门", "Department"),
            ],
            groups: Self.groups,
            rows: subjects.map { ([.text($0.staff.id), .text($0.staff.name), .text($0.staff.department)], $0) })
    }

    /// The sheet as one document for the PDF and the CSV.
    public var document: ReportDocument {
        let w = subjects.first?.weights ?? AppraisalWeights()
        return ReportDocument(
            title: "\(hallName.zh) 工作人员考核表", subtitle: "\(month.chinese) · Staff appraisal, \(hallName.en), \(month)",
            tables: [table],
            charts: [
                ReportChart(
                    zh: "考核得分", en: "Score", labels: subjects.map(\.staff.name), values: subjects.map { Int($0.score.rounded()) })
            ],
            notes: [
                "得分 = 满意率×\(w.satisfaction) + 按时办结率×\(w.onTime) + 在岗率×\(w.attendance) + 办理量/最多办理量×\(w.visits)"
                    + " − 差评×\(w.badRatingPenalty) − 投诉×\(w.complaintPenalty)（0–100）。",
                "Score: rates times the points of the hall file's appraisal section, minus penalties (docs/reports.md).",
            ])
    }
}
