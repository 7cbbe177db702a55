public import Foundation
public import HallCore

/// The monthly case report (办件情况月报) the hall sends to the county (seed 000): by service and by
/// window, the figures of every column group, with a total row. Pure: it reads only the month's
/// visits and the configuration (for names and order), so the county computes the same from the
/// journal it received.
///
/// ```swift
/// let ledger = PeriodLedger(entries: entries, utcOffsetMinutes: 480)
/// let report = MonthlyReport(visits: ledger.visits, configuration: configuration, month: ReportMonth("2026-11")!)
/// let csv = report.document.csv
/// ```
public struct MonthlyReport: Sendable {
    public var month: ReportMonth
    public var hallName: LocalizedText
    public var byService: ReportTable
    public var byWindow: ReportTable
    /// Visits issued on each day of the month, for the chart.
    public var daily: ReportChart
    public var waitTargetMinutes: Int

    /// The column groups, in order. Each is one function over a row's visits.
    public static func groups(waitTargetMinutes: Int, month: ReportMonth, utcOffsetMinutes: Int) -> [ColumnGroup<ReportRowSubject>] {
        [
            visitGroup, outcomeGroup, caseGroup(month: month, utcOffsetMinutes: utcOffsetMinutes),
            waitGroup(waitTargetMinutes: waitTargetMinutes),
            satisfactionGroup, badRatingGroup(until: month.end(utcOffsetMinutes: utcOffsetMinutes)),
            complaintGroup(utcOffsetMinutes: utcOffsetMinutes), appointmentGroup,
        ]
    }

    /// The outcomes of the month's visits, and 一次办结率: visits settled, accepted or taken on (the
    /// resident need not come back with papers) over those plus 补正 and 不予受理 (consultations and
    /// referrals are not applications).
    public static let outcomeGroup = ColumnGroup<ReportRowSubject>(
        VisitOutcome.Kind.allCases.map { ReportColumn("outcome_\($0.rawValue)", $0.label.zh, $0.label.en) }
            + [ReportColumn("one_visit_rate", "一次办结率", "Done in one visit")]
    ) { row in
        let outcomes = row.visits.compactMap(\.outcome)
        let done = outcomes.count { [.settled, .accepted, .proxy].contains($0) }
        let applications = done + outcomes.count { [.papersMissing, .refused].contains($0) }
        return VisitOutcome.Kind.allCases.map { kind in .count(outcomes.count { $0 == kind }) } + [
            .rate(PeriodFigures.rate(done, applications))
        ]
    }

    /// Cases accepted, finished, on time, overdue, extended, and the on-time rate (``CaseCounts``).
    public static func caseGroup(month: ReportMonth, utcOffsetMinutes: Int) -> ColumnGroup<ReportRowSubject> {
        ColumnGroup(
            [
                ReportColumn("cases_accepted", "受理件数", "Cases accepted"), ReportColumn("cases_finished", "办结件数", "Cases finished"),
                ReportColumn("cases_on_time", "按时办结", "On time"), ReportColumn("cases_overdue", "超期件数", "Overdue"),
                ReportColumn("cases_extended", "延期件数", "Extended"), ReportColumn("on_time_rate", "按时办结率", "On-time rate"),
            ]
        ) { row in
            let c = CaseCounts(row.cases, month: month, utcOffsetMinutes: utcOffsetMinutes)
            return [.count(c.accepted), .count(c.finished), .count(c.onTime), .count(c.overdue), .count(c.extended), .rate(c.onTimeRate)]
        }
    }

    /// 取号, 办理, 过号, 预约.
    public static let visitGroup = ColumnGroup<ReportRowSubject>(
        [
            ReportColumn("issued", "取号数", "Tickets"), ReportColumn("served", "办理数", "Served"),
            ReportColumn("no_shows", "过号数", "No-shows"), ReportColumn("appointments", "预约数", "Booked"),
        ]
    ) { row in
        let visits = row.visits
        return [
            .count(visits.count), .count(visits.count { $0.status == .finished }), .count(visits.count { $0.status == .noShow }),
            .count(visits.count(where: \.appointment)),
        ]
    }

    /// Median wait, share of waits over the target, mean service time.
    public static func waitGroup(waitTargetMinutes: Int) -> ColumnGroup<ReportRowSubject> {
        ColumnGroup(
            [
                ReportColumn("wait_p50_minutes", "等候中位数(分)", "Median wait (min)"),
                ReportColumn("wait_over_target_rate", "超时等候率", "Waits over target"),
                ReportColumn("service_average_minutes", "平均办理(分)", "Mean service (min)"),
            ]
        ) { row in
            let f = PeriodFigures(key: "", row.visits, waitTargetMinutes: waitTargetMinutes)
            return [
                .minutes(f.waitP50Seconds.map { Double($0) / 60 }), .rate(f.overTargetShare),
                .minutes(f.averageServiceSeconds.map { Double($0) / 60 }),
            ]
        }
    }

    /// Ratings per level and the satisfaction rate (基本满意 or better over all rated).
    public static let satisfactionGroup = ColumnGroup<ReportRowSubject>(
        [ReportColumn("rated", "评价数", "Rated")] + RatingLevel.allCases.map { ReportColumn(levelKey($0), $0.label.zh, $0.label.en) }
            + [ReportColumn("satisfaction_rate", "满意率", "Satisfaction")]
    ) { row in
        let ratings = row.visits.compactMap(\.rating)
        let good = ratings.count { !$0.isBad }
        return [.count(ratings.count)] + RatingLevel.allCases.map { level in .count(ratings.count { $0 == level }) }
            + [.rate(PeriodFigures.rate(good, ratings.count))]
    }

    /// Bad ratings, those whose reason is still to be found out, and the shares of them whose
    /// follow-up (差评整改) was taken up and closed by `end` (``FollowUpCounts``).
    public static func badRatingGroup(until end: Date) -> ColumnGroup<ReportRowSubject> {
        ColumnGroup(
            [
                ReportColumn("bad_ratings", "差评数", "Bad ratings"), ReportColumn("bad_reason_pending", "差评待查原因", "Reason pending"),
                ReportColumn("bad_followed_up_rate", "差评跟进率", "Followed up"),
                ReportColumn("bad_closed_rate", "差评整改办结率", "Follow-up closed"),
            ]
        ) { row in
            let bad = row.visits.filter { $0.rating?.isBad == true }
            let f = FollowUpCounts(bad, followUps: row.followUps, until: end)
            return [.count(bad.count), .count(bad.count(where: \.ratingReasonPending)), .rate(f.followedUpRate), .rate(f.closedRate)]
        }
    }

    /// Complaints (投诉建议) received in the month, and those replied to by their due day.
    public static func complaintGroup(utcOffsetMinutes: Int) -> ColumnGroup<ReportRowSubject> {
        ColumnGroup(
            [ReportColumn("complaints", "投诉数", "Complaints"), ReportColumn("complaints_replied_on_time", "按期答复", "Replied on time")]
        ) { row in
            [.count(row.complaints.count), .count(row.complaints.count { $0.repliedOnTime(utcOffsetMinutes: utcOffsetMinutes) })]
        }
    }

    /// Appointments (预约) for days of the month, not cancelled: booked, checked in, missed.
    public static let appointmentGroup = ColumnGroup<ReportRowSubject>(
        [
            ReportColumn("appointments_booked", "预约登记", "Appointments booked"),
            ReportColumn("appointments_checked_in", "预约签到", "Checked in"), ReportColumn("appointments_missed", "预约失约", "Missed"),
        ]
    ) { row in
        [
            .count(row.appointments.count), .count(row.appointments.count { $0.status == .checkedIn }),
            .count(row.appointments.count { $0.status == .missed }),
        ]
    }

    /// `very_satisfied` … as CSV keys.
    public static func levelKey(_ level: RatingLevel) -> String {
        switch level {
        case .verySatisfied: "very_satisfied"
        case .satisfied: "satisfied"
        case .basicallySatisfied: "basically_satisfied"
        case .unsatisfied: "unsatisfied"
        case .veryUnsatisfied: "very_unsatisfied"
        }
    }

    static let lead = [ReportColumn("key", "编号", "Key"), ReportColumn("name", "名称", "Name")]

    /// `visits`: the visits of the month (others are left out); `cases`: the cases touching the month;
    /// `followUps`: by the rated visit's id; `complaints` and `appointments`: any (those of the month
    /// count). By window, an appointment counts once checked in, at the window its visit reached.
    public init(
        visits all: [VisitRecord], cases: [CaseFigure] = [], followUps: [String: FollowUp] = [:],
        complaints allComplaints: [Complaint] = [],
        appointments allAppointments: [Appointment] = [], configuration: HallConfiguration, month: ReportMonth
    ) {
        self.init(
            visits: all, cases: cases, followUps: followUps, complaints: allComplaints, appointments: allAppointments,
            hall: ReportHall(configuration), month: month)
    }

    /// The same report from what it reads of a hall's configuration: how the county, which holds
    /// the hall's profile rather than its file, computes the figures the hall computes.
    public init(
        visits all: [VisitRecord], cases: [CaseFigure] = [], followUps: [String: FollowUp] = [:],
        complaints allComplaints: [Complaint] = [],
        appointments allAppointments: [Appointment] = [], hall: ReportHall, month: ReportMonth
    ) {
        self.month = month
        waitTargetMinutes = hall.waitTargetMinutes
        hallName = hall.name
        let visits = all.filter { $0.day >= month.first && $0.day <= month.last }
        let groups = Self.groups(waitTargetMinutes: hall.waitTargetMinutes, month: month, utcOffsetMinutes: hall.utcOffsetMinutes)
        let offset = hall.utcOffsetMinutes
        let complaints = ComplaintFigure.matching(
            allComplaints.filter { month.contains($0.submittedAt, utcOffsetMinutes: offset) }, visits: visits, utcOffsetMinutes: offset)
        let appointments = allAppointments.filter { $0.day >= month.first && $0.day <= month.last && $0.status != .cancelled }
        let visitsByID = Dictionary(visits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let total = (
            lead: [ReportValue.text("total"), .text("合计 Total")],
            subject: ReportRowSubject(
                visits: visits, cases: cases, followUps: followUps, complaints: complaints, appointments: appointments)
        )
        let casesByService = Dictionary(grouping: cases, by: \.record.serviceID)
        let casesByWindow = Dictionary(grouping: cases.filter { $0.window != nil }) { $0.window! }
        let serviceNames = Dictionary(hall.services.map { ($0.key, $0.name) }) { first, _ in first }
        let windowNames = Dictionary(hall.windows.map { ($0.key, $0.name) }) { first, _ in first }

        let byServiceID = Dictionary(grouping: visits, by: \.serviceID)
        var serviceIDs = hall.services.map(\.key)
        serviceIDs += byServiceID.keys.filter { !serviceIDs.contains($0) }.sorted()
        byService = ReportTable(
            kind: "service", zh: "按事项", en: "By service", lead: Self.lead, groups: groups,
            rows: serviceIDs.map { id in
                (
                    [.text(id), .text(serviceNames[id] ?? id)],
                    ReportRowSubject(
                        visits: byServiceID[id] ?? [], cases: casesByService[id] ?? [], followUps: followUps,
                        complaints: complaints.filter { $0.visit?.serviceID == id },
                        appointments: appointments.filter { $0.serviceID == id })
                )
            } + [total])

        let byWindowNumber = Dictionary(grouping: visits.filter { $0.window != nil }) { $0.window! }
        var numbers = hall.windows.map(\.key)
        numbers += byWindowNumber.keys.filter { !numbers.contains($0) }.sorted()
        byWindow = ReportTable(
            kind: "window", zh: "按窗口", en: "By window", lead: Self.lead, groups: groups,
            rows: numbers.map { n in
                (
                    [.text(String(n)), .text(windowNames[n] ?? "\(n)号窗口")],
                    ReportRowSubject(
                        visits: byWindowNumber[n] ?? [], cases: casesByWindow[n] ?? [], followUps: followUps,
                        complaints: complaints.filter { $0.visit?.window == n },
                        appointments: appointments.filter { a in a.visitID.flatMap { visitsByID[$0]?.window } == n })
                )
            } + [total])

        var labels: [String] = []
        var values: [Int] = []
        var day = month.first
        let byDay = Dictionary(grouping: visits, by: \.day)
        while day <= month.last {
            labels.append(String(day.day))
            values.append(byDay[day]?.count ?? 0)
            day = day.adding(days: 1)
        }
        daily = ReportChart(zh: "每日取号数", en: "Tickets per day", labels: labels, values: values)
    }

    /// The report as one document for the PDF and the CSV.
    public var document: ReportDocument {
        ReportDocument(
            title: "\(hallName.zh) 办件情况月报", subtitle: "\(month.chinese) · Monthly case report, \(hallName.en), \(month)",
            tables: [byService, byWindow], charts: [daily],
            notes: [
                "满意率 = 基本满意及以上 / 评价数；等候 = 取号至首次叫号；超时等候率 = 等候超过 \(waitTargetMinutes) 分钟的比例。",
                "Satisfaction = basically satisfied or better over rated; wait = ticket to first call. Columns: docs/reports.md.",
            ])
    }
}

/// What the monthly report reads of a hall's configuration: its name, its services and windows in
/// order with their Chinese names, the wait target and the UTC offset of its days.
public struct ReportHall: Sendable, Hashable {
    /// A service by its id, or a window by its number, with its Chinese name.
    public struct Named<Key: Sendable & Hashable>: Sendable, Hashable {
        public var key: Key
        public var name: String
        public init(key: Key, name: String) {
            self.key = key
            self.name = name
        }
    }

    public var name: LocalizedText
    public var services: [Named<String>]
    public var windows: [Named<Int>]
    public var waitTargetMinutes: Int
    public var utcOffsetMinutes: Int

    public init(name: LocalizedText, services: [Named<String>], windows: [Named<Int>], waitTargetMinutes: Int, utcOffsetMinutes: Int) {
        self.name = name
        self.services = services
        self.windows = windows
        self.waitTargetMinutes = waitTargetMinutes
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public init(_ c: HallConfiguration) {
        self.init(
            name: c.name, services: c.services.map { Named(key: $0.id, name: $0.name.zh) },
            windows: c.windows.map { Named(key: $0.number, name: $0.name.zh) }, waitTargetMinutes: c.policy.waitTargetMinutes,
            utcOffsetMinutes: c.schedule.utcOffsetMinutes)
    }
}
