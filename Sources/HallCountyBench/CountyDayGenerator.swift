import Foundation
import HallCore

/// Realistic journal days for one hall: visits spread over 09:00–17:00 (UTC+8), each issued,
/// called, served and finished (a few no-shows), two thirds of them rated; bad ratings followed up
/// over the next days, a complaint most days (some replied late), appointments booked for the
/// coming week and checked in or missed.
public struct CountyDayGenerator: Sendable {
    var state: UInt64
    let visitsPerDay: Int
    var seq: Int64 = 0
    public static let serviceIDs = ["social", "civil", "land", "tax", "medical"]
    let services = serviceIDs
    /// Cases accepted and not yet finished: number and promised date.
    var openCases: [(number: String, promised: LocalDate)] = []
    /// Follow-ups of bad ratings not yet closed.
    var openFollowUps: [String] = []
    /// Complaints not yet replied to: code and due day.
    var openComplaints: [String] = []
    /// Appointments booked for a coming day: code and day.
    var bookedAppointments: [(code: String, day: LocalDate)] = []
    /// What finished visits came to, weighted: mostly settled, then accepted, papers missing …
    static let outcomes: [VisitOutcome] = [
        .settled, .settled, .settled, .settled, .accepted, .accepted, .papersMissing(missing: ["户口本"]),
        .refused(reason: "不符合条件", basis: "第三条"), .referred(Referral(department: "县医保局", phone: "0571-0000", address: "县城")),
        .consultation, .proxy,
    ]

    /// The configuration of a simulated hall: the generator's services, four windows each with its
    /// clerk (s1 … s4) of `department`, open on Mondays 09:00–17:00.
    public static func configuration(name: LocalizedText, department: String) -> HallConfiguration {
        HallConfiguration(
            name: name,
            services: serviceIDs.enumerated().map { i, id in
                Service(
                    id: id, prefix: String(UnicodeScalar(UInt8(65 + i))), name: LocalizedText(zh: "事项\(i + 1)", en: "Service \(i + 1)"),
                    materials: [], timeLimitDays: 5, expectedMinutes: 10)
            },
            windows: (1...4).map { n in
                Window(number: n, name: LocalizedText(zh: "\(n)号窗口", en: "Window \(n)"), primaryServices: serviceIDs, staffID: "s\(n)")
            },
            staff: (1...4).map { Staff(id: "s\($0)", name: "张三\($0)", department: department, title: "科员", phone: "13800000000") },
            schedule: HallSchedule(weekly: [1: [OpeningPeriod("09:00-17:00")!]]))
    }

    public init(seed: UInt64, visitsPerDay: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15
        self.visitsPerDay = visitsPerDay
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// The `index`th working day from Monday 2025-01-06 (five a week).
    public static func workingDay(_ index: Int) -> LocalDate {
        let week = index / 5
        let offset = week * 7 + index % 5
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: offset, to: calendar.date(from: DateComponents(year: 2025, month: 1, day: 6))!)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)
    }

    public mutating func day(_ date: LocalDate) -> [JournalEntry] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // 09:00 in UTC+8 is 01:00 UTC.
        let opening = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 1))!
        var out: [JournalEntry] = []
        func add(_ at: Date, _ event: HallEvent) {
            seq += 1
            out.append(JournalEntry(seq: seq, at: at, event: event))
        }
        add(opening, .dayStarted(date: date))
        for window in 1...4 { add(opening, .windowOpened(window: window, staffID: "s\(window)")) }
        let stamp = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        // Earlier days' cases move on at noon: some are ready, done or collected, some extended.
        let noon = opening.addingTimeInterval(10_800)
        openCases = openCases.filter { c in
            switch next(6) {
            case 0: add(noon, .caseReady(caseNumber: c.number, by: "s1"))
            case 1: add(noon, .caseCompleted(caseNumber: c.number, by: "s2"))
            case 2:
                add(noon, .caseReady(caseNumber: c.number, by: "s1"))
                add(noon, .casePickedUp(caseNumber: c.number, by: "s1"))
            case 3 where next(3) == 0:
                add(noon, .caseExtended(caseNumber: c.number, reason: "待审批", promisedDate: c.promised.adding(days: 10), by: "s3"))
                return true
            default: return true
            }
            return false
        }
        // Earlier bad ratings are followed up, earlier complaints replied to and closed.
        openFollowUps = openFollowUps.filter { id in
            guard next(3) == 0 else { return true }
            add(noon, .followUp(.assigned(id: id, staffID: "s2", by: "admin")))
            add(noon, .followUp(.calledBack(id: id, reached: next(2) == 0, note: "已回电", by: "s2")))
            if next(2) == 0 { add(noon, .followUp(.closed(id: id, cause: "等候", action: "增开窗口", by: "s2"))) }
            return false
        }
        openComplaints = openComplaints.filter { code in
            guard next(3) == 0 else { return true }
            add(noon, .complaint(.assigned(id: code, staffID: "s3", by: "admin")))
            add(noon, .complaint(.replied(id: code, text: "已整改", by: "s3")))
            if next(2) == 0 { add(noon, .complaint(.closed(id: code, by: "admin"))) }
            return false
        }
        // The day's appointments come (checked in with one of the day's first tickets) or are missed.
        var arrivals = 0
        bookedAppointments = bookedAppointments.filter { a in
            guard a.day <= date else { return true }
            if a.day == date && next(4) != 0 && arrivals < visitsPerDay {
                arrivals += 1
                add(
                    opening.addingTimeInterval(600),
                    .appointment(.checkedIn(code: a.code, visitID: "\(stamp)-" + String(format: "A%03d", arrivals))))
            } else {
                add(opening.addingTimeInterval(3_600), .appointment(.missed(code: a.code)))
            }
            return false
        }
        for k in 0..<2 {
            let code = "\(stamp)P\(k)"
            let day = date.adding(days: 1 + next(7))
            add(
                opening,
                .appointment(
                    .booked(
                        Appointment(
                            code: code, serviceID: services[next(services.count)], day: day, slot: 540 + 30 * next(14), name: "李大山",
                            phone: "13655552222", bookedAt: opening, bookedBy: next(2) == 0 ? "s1" : nil))))
            bookedAppointments.append((code, day))
        }
        var caseSequence = 0
        for i in 0..<visitsPerDay {
            let issued = opening.addingTimeInterval(Double(i) * 28_800 / Double(visitsPerDay))
            let service = services[next(services.count)]
            let number = String(format: "A%03d", i + 1)
            let id = "\(stamp)-\(number)"
            let window = 1 + next(4)
            add(
                issued,
                .ticketIssued(
                    .init(
                        visitID: id, number: number, serviceID: service, priority: next(10) == 0 ? .elderly : .normal, ahead: next(6),
                        estimatedWaitSeconds: 300, appointmentAt: next(12) == 0 ? issued : nil, secret: "SECRET\(next(1_000_000))")))
            let called = issued.addingTimeInterval(Double(60 + next(1_500)))
            add(called, .visitCalled(visitID: id, number: number, window: window, recall: false, calls: 1))
            if next(25) == 0 {
                add(called.addingTimeInterval(120), .visitNoShow(visitID: id, window: window, reason: .skipped))
                continue
            }
            add(called.addingTimeInterval(30), .serviceStarted(visitID: id, window: window))
            if next(40) == 0 {
                add(
                    called.addingTimeInterval(60),
                    .visitTransferred(visitID: id, fromWindow: window, toService: "tax", toWindow: nil, position: .front))
                add(called.addingTimeInterval(600), .visitCancelled(visitID: id, reason: .endOfDay))
                continue
            }
            let finished = called.addingTimeInterval(Double(180 + next(600)))
            add(finished, .visitFinished(visitID: id, window: window, staffID: "s\(window)"))
            let outcome = Self.outcomes[next(Self.outcomes.count)]
            var caseNumber: String?
            if outcome == .accepted {
                caseSequence += 1
                caseNumber = "\(stamp)-" + String(format: "%04d", caseSequence)
            }
            add(
                finished,
                .visitOutcome(
                    .init(visitID: id, window: window, serviceID: service, outcome: outcome, caseNumber: caseNumber, by: "s\(window)")))
            if let caseNumber {
                let promised = date.adding(days: 3 + next(20))
                add(
                    finished,
                    .caseAccepted(
                        .init(
                            caseNumber: caseNumber, code: "CODE\(next(1_000_000))", visitID: id, serviceID: service, applicantName: "王小明",
                            applicantPhone: "13912345678", promisedDate: promised, by: "s\(window)")))
                openCases.append((caseNumber, promised))
            }
            if next(3) != 0 {
                let level = RatingLevel(rawValue: [5, 5, 5, 4, 4, 3, 2, 1][next(8)])!
                add(
                    called.addingTimeInterval(900),
                    .ratingRecorded(
                        .init(
                            visitID: id, level: level, reason: level.isBad ? "等候太久" : nil, source: "evaluator", window: window,
                            staffID: "s\(window)", serviceID: service, reasonPending: level.isBad && next(2) == 0)))
                if level.isBad {
                    add(
                        called.addingTimeInterval(900),
                        .followUp(
                            .opened(
                                .init(
                                    id: id, level: level, reason: "等候太久", window: window, ratedStaffID: "s\(window)", serviceID: service,
                                    due: date.adding(days: 3)))))
                    openFollowUps.append(id)
                }
            }
        }
        if next(4) != 0 {
            let code = "\(stamp)K"
            let ticket = next(3) == 0 ? nil : String(format: "A%03d", 1 + next(visitsPerDay))
            add(
                opening.addingTimeInterval(29_000),
                .complaint(
                    .submitted(
                        .init(
                            id: code, category: Complaint.Category.allCases[next(Complaint.Category.allCases.count)],
                            channel: next(2) == 0 ? .kiosk : .phone, text: next(2) == 0 ? "等候太久" : nil, phone: "13700001111",
                            ticket: ticket, due: date.adding(days: 3)))))
            openComplaints.append(code)
        }
        for window in 1...4 { add(opening.addingTimeInterval(30_000), .windowClosed(window: window)) }
        return out
    }
}
