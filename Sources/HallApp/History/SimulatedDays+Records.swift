import Foundation
import HallCore

/// The activities that leave records beyond the day: what each visit came to (outcomes, cases),
/// the cases' progress on later days, the follow-up of bad ratings, and complaints — each through
/// the same commands the clerk console, the admin page and the kiosk send.
extension SimulatedDays {
    static let applicants = ["王秀兰", "李建国", "张桂英", "刘德明", "陈玉珍", "杨志强", "赵淑芬", "黄永福", "周玉梅", "吴长顺"]
    static let missingPapers = [["户口簿原件"], ["身份证复印件", "一寸照片两张"], ["村委会证明"], ["银行卡复印件"]]
    static let referral = Referral(department: "县人力资源和社会保障局", phone: "0831-1234567", address: "县政务服务中心二楼")
    static let callBackNotes = ["已电话回访，群众表示理解", "已回访，群众对改进措施满意", "电话未接通，改日再联系"]
    static let causes = [
        ("高峰期窗口不足", "高峰期增开备用窗口"), ("工作人员解释不清", "开展一次性告知培训"), ("系统故障", "联系县平台修复并登记备案"),
    ]
    static let complaintTexts = ["希望增加一个窗口", "等候区座位不够", "工作人员态度很好，点赞", "打印机没纸了", nil]
    static let replies = ["感谢您的意见，已安排整改。", "已核实并处理，欢迎继续监督。", "已转相关负责人落实。"]
    /// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L), as the hall's codes.
    static let codeAlphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// What a finished visit came to: most are settled on the spot; some become cases, some lack
    /// papers, a few are consultations, referrals, proxies or refusals.
    func finishCommand(_ window: Int, _ day: HallDay) -> HallCommand {
        let kinds: [VisitOutcome.Kind] = [.settled, .accepted, .papersMissing, .consultation, .referred, .proxy, .refused]
        switch kinds[day.generator.pick(weights: [70, 12, 6, 6, 3, 2, 1])] {
        case .settled: return .finish(window: window)
        case .accepted:
            let name = Self.applicants.randomElement(using: &day.generator)
            let phone =
                "1\([3, 5, 8].randomElement(using: &day.generator)!)\(String(format: "%09d", Int.random(in: 0..<1_000_000_000, using: &day.generator)))"
            return .finish(
                window: window, outcome: .accepted,
                intake: CaseIntake(applicantName: name, applicantPhone: phone, code: Self.code(32, &day.generator)))
        case .papersMissing:
            return .finish(window: window, outcome: .papersMissing(missing: Self.missingPapers.randomElement(using: &day.generator)!))
        case .consultation: return .finish(window: window, outcome: .consultation)
        case .referred: return .finish(window: window, outcome: .referred(Self.referral))
        case .proxy: return .finish(window: window, outcome: .proxy)
        case .refused: return .finish(window: window, outcome: .refused(reason: "不属于本中心受理范围", basis: "《政务服务事项目录》"))
        }
    }

    /// Mid-morning the back office moves the open cases on: most are done before their promised
    /// date (ready to collect, or completed), a few are extended, a few are forgotten past it; the
    /// ready ones are collected within a few days. Before closing, what is due today is finished.
    func caseWork(_ day: HallDay) {
        day.plan(at: day.opening.addingTimeInterval(90 * 60)) { try await moveCases($0, dueOnly: false) }
        day.plan(at: day.closing.addingTimeInterval(-30 * 60)) { try await moveCases($0, dueOnly: true) }
    }

    private func moveCases(_ day: HallDay, dueOnly: Bool) async throws {
        let cases = await day.hall.state.cases.cases.values.sorted { $0.number < $1.number }
        for record in cases {
            // A case's fate is its own: the same every run, whatever else happened.
            let fate = record.number.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 10_007 } % 100
            let due = record.promisedDate <= day.date
            switch record.stage {
            case .ready:
                if !dueOnly && day.generator.chance(0.45) { try await day.execute(.pickUpCase(caseNumber: record.number, by: nil)) }
            case .inProgress, .extended:
                if fate < 3 && record.stage == .inProgress && due {
                    try await day.execute(
                        .extendCase(caseNumber: record.number, reason: "需补充现场核查", promisedDate: day.date.adding(days: 7), by: "admin"))
                } else if fate < 7 {
                    continue  // forgotten: it goes past its promised date
                } else if due || (!dueOnly && day.generator.chance(0.3)) {
                    let command: HallCommand =
                        fate % 3 == 0
                        ? .completeCase(caseNumber: record.number, by: nil) : .markCaseReady(caseNumber: record.number, by: nil)
                    try await day.execute(command)
                }
            default: continue
            }
        }
    }

    /// In the afternoon the administrator works through the open follow-ups of bad ratings — assign,
    /// call back, close, a step a day when there is time — so some close on time and some run late.
    func followUpWork(_ day: HallDay) {
        day.plan(at: day.closing.addingTimeInterval(-60 * 60)) { day in
            let open = await day.hall.state.followUps.items.values.filter { $0.status != .closed }.sorted { $0.id < $1.id }
            let staff = day.configuration.staff.map(\.id)
            for followUp in open where day.generator.chance(0.6) {
                if followUp.assignee == nil {
                    guard let assignee = followUp.ratedStaffID ?? staff.first else { continue }
                    try await day.execute(.followUp(.assign(id: followUp.id, staffID: assignee, by: "admin")))
                } else if !followUp.history.contains(where: { $0.kind == .calledBack }) {
                    let note = Self.callBackNotes.randomElement(using: &day.generator)!
                    try await day.execute(.followUp(.callBack(id: followUp.id, reached: !note.contains("未接通"), note: note, by: "admin")))
                } else {
                    let (cause, action) = Self.causes.randomElement(using: &day.generator)!
                    try await day.execute(.followUp(.close(id: followUp.id, cause: cause, action: action, by: "admin")))
                }
            }
        }
    }

    /// Now and then a resident leaves a complaint or suggestion at the kiosk; the office assigns,
    /// replies and closes them over the next days.
    func complaints(_ day: HallDay) {
        if day.generator.chance(0.3), let period = day.periods.first {
            let minute = day.generator.seconds(Double(period.start + 20)...Double(max(period.start + 20, period.end - 10)))
            let category = Complaint.Category.allCases.randomElement(using: &day.generator)!
            let text = Self.complaintTexts.randomElement(using: &day.generator)!
            let phone =
                day.generator.chance(0.5) ? "139\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &day.generator)))" : nil
            let code = Self.code(8, &day.generator)
            day.plan(at: day.instant(minute: minute)) { day in
                try await day.execute(
                    .complaint(.submit(code: code, category: category, channel: .kiosk, text: text, phone: phone, ticket: nil)))
            }
        }
        day.plan(at: day.closing.addingTimeInterval(-45 * 60)) { day in
            let open = await day.hall.state.complaints.items.values.filter { $0.status != .closed }.sorted { $0.id < $1.id }
            let owner = day.configuration.staff.first?.id
            for complaint in open where day.generator.chance(0.5) {
                if complaint.owner == nil, let owner {
                    try await day.execute(.complaint(.assign(code: complaint.id, staffID: owner, by: "admin")))
                } else if complaint.reply == nil {
                    try await day.execute(
                        .complaint(.reply(code: complaint.id, text: Self.replies.randomElement(using: &day.generator)!, by: "admin")))
                } else {
                    try await day.execute(.complaint(.close(code: complaint.id, by: "admin")))
                }
            }
        }
    }

    /// Early in the morning a few residents book today's slots on the phone page; most come and
    /// check in at the kiosk shortly before their slot, some never come (released as missed).
    func appointments(_ day: HallDay) {
        let bookable = day.configuration.appointmentPolicy.rules.map(\.serviceID)
        guard !bookable.isEmpty else { return }
        day.plan(at: day.opening.addingTimeInterval(-60 * 60)) { day in
            let count = Int(day.generator.seconds(2...6))
            for _ in 0..<count {
                let service = bookable.randomElement(using: &day.generator)!
                let slots = await day.hall.state.appointmentSlots(service: service, at: day.now).filter {
                    $0.day == day.date && $0.remaining > 0
                }
                guard let slot = slots.randomElement(using: &day.generator) else { continue }
                let code = Self.code(8, &day.generator)
                let phone = "138\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &day.generator)))"
                let request = AppointmentRequest(
                    serviceID: service, day: slot.day, slot: slot.start, name: Self.applicants.randomElement(using: &day.generator)!,
                    phone: phone, code: code)
                guard try await day.execute(.appointment(.book(request))) != nil, day.generator.chance(0.85) else { continue }
                let secret = String(format: "%08llX", day.generator.next() & 0xFFFF_FFFF)
                day.plan(at: day.instant(minute: Double(slot.start) - day.generator.seconds(0...12))) { day in
                    let entries = try await day.execute(.appointment(.checkIn(.code(code), secret: secret)))
                    for entry in entries ?? [] {
                        if case .ticketIssued(let ticket) = entry.event {
                            day.services[ticket.visitID] = ticket.serviceID
                            day.summary.tickets += 1
                        }
                    }
                }
            }
        }
        day.plan(at: day.closing) { try await $0.execute(.appointment(.releaseMissed)) }
    }

    static func code(_ length: Int, _ generator: inout SeededGenerator) -> String {
        String((0..<length).map { _ in codeAlphabet.randomElement(using: &generator)! })
    }
}
