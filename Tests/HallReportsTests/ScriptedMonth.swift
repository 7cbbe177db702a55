import Foundation
import HallCore
import HallReports
import HallStore

/// Reproducible dice for the script: the golden-ratio (Weyl) sequence, spread evenly and the same
/// every run.
struct Dice {
    var thrown = 0

    mutating func roll(_ range: ClosedRange<Int>) -> Int {
        thrown += 1
        let fraction = (Double(thrown) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
        return range.lowerBound + Int(fraction * Double(range.count))
    }
}

/// What the script counted for one row (a service, a window, a member of staff).
struct Tally: Equatable {
    var issued = 0
    var served = 0
    var noShows = 0
    var appointments = 0
    var levels: [RatingLevel: Int] = [:]
    var reasonPending = 0
    var waits: [Double] = []
    var outcomes: [VisitOutcome.Kind: Int] = [:]
    var casesAccepted = 0
    var casesFinished = 0
    var casesOnTime = 0
    var casesOverdue = 0
    var casesExtended = 0
    var badFollowedUp = 0
    var badClosed = 0
    var complaints = 0
    var complaintsOnTime = 0

    var rated: Int { levels.values.reduce(0, +) }
    var bad: Int { (levels[.unsatisfied] ?? 0) + (levels[.veryUnsatisfied] ?? 0) }
}

/// A month of the hall driven command by command through HallCore and journaled into a real
/// SQLite store, tallying as it goes what every report figure must be.
struct ScriptedMonth {
    static let configuration: HallConfiguration = {
        let workday = [OpeningPeriod("08:30-12:00")!, OpeningPeriod("14:00-17:30")!]
        return HallConfiguration(
            name: .init(zh: "青山镇便民服务中心", en: "Qingshan Town Service Center"),
            services: [
                Service(id: "social", prefix: "A", name: .init(zh: "社会保障", en: "Social security"), expectedMinutes: 10),
                Service(id: "civil", prefix: "B", name: .init(zh: "民政", en: "Civil affairs"), expectedMinutes: 6),
            ],
            windows: [
                Window(number: 1, name: .init(zh: "社保窗口", en: "Social"), primaryServices: ["social"], staffID: "zhang"),
                Window(number: 2, name: .init(zh: "民政窗口", en: "Civil"), primaryServices: ["civil"], staffID: "li"),
            ],
            staff: [
                Staff(id: "zhang", name: "张伟", department: "社会保障", title: "科员", phone: "13800000001"),
                Staff(id: "li", name: "李娜", department: "民政", title: "科员", phone: "13800000002"),
                Staff(id: "zhao", name: "赵敏", department: "综合", title: "科员", phone: "13800000004"),
            ],
            schedule: HallSchedule(
                weekly: [1: workday, 2: workday, 3: workday, 4: workday, 5: workday], marketDaysOfMonth: [1, 11, 21],
                marketDayHours: [OpeningPeriod("08:00-12:00")!], holidays: [LocalDate("2026-11-18")!]))
    }()
    static let staffOf = [1: "zhang", 2: "li"]
    static let windowOf = ["social": 1, "civil": 2]

    var state = HallState(configuration: ScriptedMonth.configuration)
    var entries: [JournalEntry] = []
    var now = Date(timeIntervalSince1970: 0)
    var byService: [String: Tally] = [:]
    var byWindow: [Int: Tally] = [:]
    var byStaff: [String: Tally] = [:]
    var total = Tally()
    /// Minutes per staff member and presence status during opening hours, as the script set them.
    var absences: [String: [PresenceStatus: Int]] = [:]
    var openMinutes = 0
    /// Bad ratings so far, turning their follow-ups.
    var bad = 0
    /// The cases still open: number, service, window, promised date, whether extended.
    var openCases: [(number: String, service: String, window: Int, promised: LocalDate, extended: Bool)] = []

    func at(_ day: LocalDate, _ minute: Int) -> Date { day.instant(minute: minute, utcOffsetMinutes: 480) }

    mutating func journal(_ events: [HallEvent]) {
        for event in events { entries.append(JournalEntry(seq: Int64(entries.count + 1), at: now, event: event)) }
    }

    mutating func move(to instant: Date) {
        now = instant
        journal(state.advance(to: now))
    }

    @discardableResult
    mutating func run(_ command: HallCommand) throws -> [HallEvent] {
        let events = try state.handle(command, at: now)
        journal(events)
        return events
    }

    mutating func setPresence(_ staffID: String, _ status: PresenceStatus, _ day: LocalDate, _ minute: Int) throws {
        move(to: at(day, minute))
        try run(.setPresence(staffID: staffID, presence: Presence(status: status)))
    }

    /// Plays November 2026 and returns itself with the journal and the tallies.
    static func november() throws -> ScriptedMonth {
        var m = ScriptedMonth()
        var random = Dice()
        let levels = RatingLevel.allCases
        var day = LocalDate("2026-11-01")!
        while day <= LocalDate("2026-11-30")! {
            defer { day = day.adding(days: 1) }
            let periods = configuration.schedule.periods(on: day)
            guard let first = periods.first else { continue }
            m.openMinutes += periods.reduce(0) { $0 + $1.end - $1.start }
            m.move(to: m.at(day, first.start))
            for window in [1, 2] { try m.run(.open(window: window, staffID: staffOf[window])) }
            // Open cases: some are ready today (on time or late), some are extended once by 5 days.
            var stillOpen: [(number: String, service: String, window: Int, promised: LocalDate, extended: Bool)] = []
            for var c in m.openCases {
                switch random.roll(0...3) {
                case 0:
                    try m.run(.markCaseReady(caseNumber: c.number, by: "zhang"))
                    m.countCase(c.service, c.window) { t in
                        t.casesFinished += 1
                        if day <= c.promised { t.casesOnTime += 1 } else { t.casesOverdue += 1 }
                        if c.extended { t.casesExtended += 1 }
                    }
                    continue
                case 1 where !c.extended && c.promised >= day:
                    c.promised = c.promised.adding(days: 5)
                    try m.run(.extendCase(caseNumber: c.number, reason: "需现场核查", promisedDate: c.promised, by: "zhang"))
                    c.extended = true
                default:
                    break
                }
                stillOpen.append(c)
            }
            m.openCases = stillOpen
            // Presence: 李娜 in a meeting 14:30–16:00 on the 10th; 张伟 on leave the morning of the
            // 20th (back at 14:00); 张伟 briefly away 15:00–15:20 on the 25th.
            if day.day == 20 {
                try m.setPresence("zhang", .leave, day, first.start)
                m.absences["zhang", default: [:]][.leave, default: 0] += 12 * 60 - first.start
            }
            var cursor = first.start
            var lastServed: (number: String, service: String, window: Int, staff: String)?
            for ticket in 0..<5 {
                cursor += random.roll(2...6)
                m.move(to: m.at(day, cursor))
                let service = random.roll(0...1) == 0 ? "social" : "civil"
                let window = windowOf[service]!
                let appointment = ticket == 0 && day.day % 3 == 0
                guard
                    case .ticketIssued(let t) = try m.run(
                        .issueTicket(serviceID: service, priority: .normal, secret: "S", appointmentAt: appointment ? m.now : nil)
                    ).first
                else { fatalError("no ticket") }
                let staff = m.state.windows[window]?.staffID ?? staffOf[window]!
                // Every figure of this visit counts for its service, its window and the total.
                func count(_ change: (inout Tally) -> Void) {
                    change(&m.byService[service, default: Tally()])
                    change(&m.byWindow[window, default: Tally()])
                    change(&m.total)
                }
                count {
                    $0.issued += 1
                    if appointment { $0.appointments += 1 }
                }
                cursor += random.roll(1...25)
                m.move(to: m.at(day, cursor))
                try m.run(.callNext(window: window))
                let wait = m.now.timeIntervalSince(m.state.visits[t.visitID]!.issuedAt)
                count { $0.waits.append(wait) }
                if random.roll(0...9) == 0 {
                    try m.run(.skip(window: window))
                    count { $0.noShows += 1 }
                    continue
                }
                try m.run(.start(window: window))
                cursor += random.roll(2...8)
                m.move(to: m.at(day, cursor))
                let outcomes: [VisitOutcome] = [
                    .settled, .settled, .settled, .accepted, .accepted, .papersMissing(missing: ["户口簿"]),
                    .refused(reason: "不符合条件", basis: "《办法》第三条"), .consultation, .proxy,
                    .referred(Referral(department: "县民政局", phone: "0838-6200001", address: "县城中路1号")),
                ]
                let outcome = outcomes[random.roll(0...9)]
                let intake = outcome == .accepted ? CaseIntake(workingDays: 3, code: "case-code-\(t.visitID)-0000") : nil
                let finished = try m.run(.finish(window: window, outcome: outcome, intake: intake))
                count {
                    $0.served += 1
                    $0.outcomes[outcome.kind, default: 0] += 1
                }
                for case .caseAccepted(let a) in finished {
                    count { $0.casesAccepted += 1 }
                    m.openCases.append((a.caseNumber, service, window, a.promisedDate, false))
                }
                m.byStaff[staff, default: Tally()].served += 1
                let roll = random.roll(0...9)
                guard roll < 7 else { continue }
                let level = levels[random.roll(0...4)]
                let keys = level.isBad && roll == 0
                try m.run(
                    .rate(
                        visitID: t.visitID, level: level, reason: level.isBad && !keys ? "态度不好" : nil,
                        source: keys ? .evaluatorKeys(window: window) : .evaluator(window: window)))
                count {
                    $0.levels[level, default: 0] += 1
                    if keys { $0.reasonPending += 1 }
                }
                m.byStaff[staff, default: Tally()].levels[level, default: 0] += 1
                if keys { m.byStaff[staff, default: Tally()].reasonPending += 1 }
                lastServed = (t.number, service, window, staff)
                guard level.isBad else { continue }
                // The bad rating's follow-up, in turn: left alone, taken up (assigned, called back), closed.
                // (A counter, not the dice, so the rest of the month plays as before.)
                let step = m.bad % 3
                m.bad += 1
                if step >= 1 {
                    try m.run(.followUp(.assign(id: t.visitID, staffID: "zhao", by: "admin")))
                    try m.run(.followUp(.callBack(id: t.visitID, reached: true, note: "已回访", by: "zhao")))
                    count { $0.badFollowedUp += 1 }
                    m.byStaff[staff, default: Tally()].badFollowedUp += 1
                }
                if step == 2 {
                    try m.run(.followUp(.close(id: t.visitID, cause: "解释不清", action: "已培训", by: "zhao")))
                    count { $0.badClosed += 1 }
                    m.byStaff[staff, default: Tally()].badClosed += 1
                }
            }
            // A complaint every fourth day: naming the last rated ticket (except every eighth day:
            // anonymous, no ticket, the total only); replied at once on every other one.
            if day.day % 4 == 0 {
                let named = day.day % 8 != 0 ? lastServed : nil
                let code = "CPL\(day.day)XYZ"
                try m.run(
                    .complaint(.submit(code: code, category: .attitude, channel: .kiosk, text: "等太久", phone: nil, ticket: named?.number)))
                let replied = day.day % 3 != 0
                if replied { try m.run(.complaint(.reply(code: code, text: "已整改", by: "admin"))) }
                func countComplaint(_ t: inout Tally) {
                    t.complaints += 1
                    if replied { t.complaintsOnTime += 1 }
                }
                countComplaint(&m.total)
                if let named {
                    countComplaint(&m.byService[named.service, default: Tally()])
                    countComplaint(&m.byWindow[named.window, default: Tally()])
                    countComplaint(&m.byStaff[named.staff, default: Tally()])
                }
            }
            if day.day == 10 {
                try m.setPresence("li", .meeting, day, 14 * 60 + 30)
                try m.setPresence("li", .onDuty, day, 16 * 60)
                m.absences["li", default: [:]][.meeting, default: 0] += 90
            }
            if day.day == 20 {
                try m.setPresence("zhang", .onDuty, day, 14 * 60)
            }
            if day.day == 25 {
                try m.setPresence("zhang", .away, day, 15 * 60)
                try m.setPresence("zhang", .onDuty, day, 15 * 60 + 20)
                m.absences["zhang", default: [:]][.away, default: 0] += 20
            }
        }
        // At the month's end, an open case past its promised date is overdue.
        for c in m.openCases where c.promised < LocalDate("2026-11-30")! {
            m.countCase(c.service, c.window) { $0.casesOverdue += 1 }
        }
        return m
    }

    mutating func countCase(_ service: String, _ window: Int, _ change: (inout Tally) -> Void) {
        change(&byService[service, default: Tally()])
        change(&byWindow[window, default: Tally()])
        change(&total)
    }
}
