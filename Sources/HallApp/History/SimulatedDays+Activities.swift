import Foundation
import HallCore

/// The kinds of activity in a simulated day, one function each. A function plans steps on the
/// ``HallDay``; a step runs commands through the hall and may plan further steps.
extension SimulatedDays {
    static let pauseReasons = ["临时离开，马上回来", "到后台取材料", "处理设备故障", "接听业务电话"]
    static let absences: [(PresenceStatus, String, String)] = [
        (.meeting, "镇党委会议", "开会"), (.outOnBusiness, "县社保局送件", "外出办事"), (.meeting, "业务培训", "培训"),
    ]
    static let badReasons = ["等候时间太长", "工作人员态度不好", "材料要求没有一次说清楚", "系统故障，跑了两趟", "窗口暂停太久"]

    /// Before opening: staff clock in (or are on leave), and every window whose holder is in opens.
    func openWindows(_ day: HallDay) {
        day.plan(at: day.opening.addingTimeInterval(-10 * 60)) { day in
            for member in day.configuration.staff {
                let onLeave = day.generator.chance(day.profile.leaveChance)
                try await day.setPresence(member.id, Presence(status: onLeave ? .leave : .onDuty, note: onLeave ? "年休假" : nil))
            }
            for window in day.configuration.windows {
                if let staff = window.staffID, day.presence[staff]?.status != .onDuty { continue }
                if try await day.execute(.open(window: window.number, staffID: window.staffID)) != nil {
                    day.plan(at: day.opening) { try await serve(window.number, $0) }
                }
            }
        }
    }

    /// Residents come to the kiosk: more on market days, more in the morning, none in the last ten
    /// minutes of a period; a few with a priority.
    func arrivals(_ day: HallDay) {
        let factor = (day.isMarketDay ? day.profile.marketDayFactor : 1) * day.generator.seconds(0.85...1.15)
        let count = Int((Double(day.profile.visitsPerDay) * factor).rounded())
        let periods = day.periods.filter { $0.end - $0.start > 10 }
        guard !periods.isEmpty else { return }
        let weights = periods.enumerated().map { index, period in Double(period.end - period.start - 10) * (index == 0 ? 1.5 : 1) }
        let serviceWeights = day.configuration.services.indices.map { 1 / (1 + 0.25 * Double($0)) }
        for _ in 0..<count {
            let period = periods[day.generator.pick(weights: weights)]
            // Two draws, the earlier kept: residents crowd in soon after the doors open.
            let early = min(day.generator.seconds(0...1), day.generator.seconds(0...1))
            let minute = Double(period.start) + early * Double(period.end - period.start - 10)
            let service = day.configuration.services[day.generator.pick(weights: serviceWeights)].id
            let priority: Priority =
                day.generator.chance(day.profile.priorityShare)
                ? [.elderly, .elderly, .disabled, .urgent][Int.random(in: 0..<4, using: &day.generator)] : .normal
            let secret = String(format: "%08llX", day.generator.next() & 0xFFFF_FFFF)
            day.plan(at: day.instant(minute: minute)) { day in
                let entries = try await day.execute(.issueTicket(serviceID: service, priority: priority, secret: secret))
                for entry in entries ?? [] {
                    if case .ticketIssued(let ticket) = entry.event {
                        day.services[ticket.visitID] = ticket.serviceID
                        day.summary.tickets += 1
                    }
                }
            }
        }
    }

    /// A window calls the next resident whenever it is free: a break first if one is due; when nobody
    /// waits it looks again a minute later, and after the last period it closes — at the latest an
    /// hour after it (who still waits then is sent home by the end of the day).
    func serve(_ window: Int, _ day: HallDay) async throws {
        if day.now >= day.closing.addingTimeInterval(60 * 60) {
            try await day.execute(.close(window: window))
            return
        }
        if let pause = day.breaks.removeValue(forKey: window) {
            try await takeBreak(window, pause, day)
            return
        }
        guard let entries = try await day.execute(.callNext(window: window)) else {
            if day.now >= day.closing {
                try await day.execute(.close(window: window))
            } else {
                day.plan(in: day.generator.seconds(45...90)) { try await serve(window, $0) }
            }
            return
        }
        let called = entries.lazy.compactMap { entry -> String? in
            if case .visitCalled(let id, _, _, _, _) = entry.event { id } else { nil }
        }.first
        guard let visitID = called else { return }
        if day.generator.chance(day.profile.noShowShare) {
            noShow(window, day)
        } else {
            day.plan(in: day.generator.seconds(20...120)) { try await startService(window, visitID: visitID, $0) }
        }
    }

    /// The called resident does not come: one recall, then 过号.
    func noShow(_ window: Int, _ day: HallDay) {
        day.plan(in: 60) { try await $0.execute(.recall(window: window)) }
        day.plan(in: 180) { day in
            try await day.execute(.skip(window: window))
            day.plan(in: day.generator.seconds(10...30)) { try await serve(window, $0) }
        }
    }

    /// The resident at the window is served for about the service's expected time; a few are sent
    /// to another line instead.
    func startService(_ window: Int, visitID: String, _ day: HallDay) async throws {
        guard try await day.execute(.start(window: window)) != nil else { return }
        let expected = Double(day.configuration.service(day.services[visitID] ?? "")?.expectedMinutes ?? 10)
        day.plan(in: expected * 60 * day.generator.seconds(0.3...0.9)) { day in
            if day.generator.chance(day.profile.transferShare) {
                try await transfer(window, visitID: visitID, day)
            } else if try await day.execute(finishCommand(window, day)) != nil {
                day.summary.finished += 1
                rate(window, visitID: visitID, day)
            }
            day.plan(in: day.generator.seconds(15...60)) { try await serve(window, $0) }
        }
    }

    /// Sends the resident to another service's line (the end of it).
    func transfer(_ window: Int, visitID: String, _ day: HallDay) async throws {
        let others = day.configuration.services.map(\.id).filter { $0 != day.services[visitID] }
        guard let target = others.randomElement(using: &day.generator) else { return }
        if try await day.execute(.transfer(window: window, toService: target, toWindow: nil, position: .back)) != nil {
            day.services[visitID] = target
        }
    }

    /// Most residents press the evaluator soon after; a few are unhappy and say why.
    func rate(_ window: Int, visitID: String, _ day: HallDay) {
        guard day.generator.chance(day.profile.ratedShare) else { return }
        let level: RatingLevel
        var reason: String?
        if day.generator.chance(day.profile.badRatingShare) {
            level = day.generator.chance(0.75) ? .unsatisfied : .veryUnsatisfied
            reason = Self.badReasons.randomElement(using: &day.generator)
        } else {
            level = [.verySatisfied, .satisfied, .basicallySatisfied][day.generator.pick(weights: [70, 23, 7])]
        }
        day.plan(in: day.generator.seconds(5...40)) { day in
            if try await day.execute(.rate(visitID: visitID, level: level, reason: reason, source: .evaluator(window: window))) != nil {
                day.summary.ratings += 1
                day.summary.badRatings += level.isBad ? 1 : 0
            }
        }
    }

    /// Now and then a window pauses for a short while (暂停服务) once its resident is done.
    func windowPauses(_ day: HallDay) {
        for window in day.configuration.windows where day.generator.chance(day.profile.pauseChance) {
            let minute = day.generator.seconds(
                Double(day.periods[0].start + 30)...Double(max(day.periods[0].start + 30, day.periods.last!.end - 60)))
            let pause = HallDay.Break(
                minutes: day.generator.seconds(10...25), presence: Presence(status: .away),
                reason: Self.pauseReasons.randomElement(using: &day.generator)!)
            day.plan(at: day.instant(minute: minute)) { day in
                if day.breaks[window.number] == nil { day.breaks[window.number] = pause }
            }
        }
    }

    /// Some staff leave for a meeting or an errand for an hour or two: their window pauses, the
    /// presence board says where they are.
    func staffAbsences(_ day: HallDay) {
        for window in day.configuration.windows where day.generator.chance(day.profile.absenceChance) {
            let (status, note, reason) = Self.absences.randomElement(using: &day.generator)!
            let minute = day.generator.seconds(
                Double(day.periods[0].start + 30)...Double(max(day.periods[0].start + 30, day.periods.last!.end - 120)))
            let absence = HallDay.Break(
                minutes: day.generator.seconds(60...120), presence: Presence(status: status, note: note), reason: reason)
            day.plan(at: day.instant(minute: minute)) { day in day.breaks[window.number] = absence }
        }
    }

    /// The window pauses, its holder's presence changes; both come back when the break is over.
    func takeBreak(_ window: Int, _ pause: HallDay.Break, _ day: HallDay) async throws {
        let staff = day.configuration.windows.first { $0.number == window }?.staffID
        guard try await day.execute(.pause(window: window, reason: pause.reason)) != nil else {
            day.plan(in: 30) { try await serve(window, $0) }
            return
        }
        if let staff { try await day.setPresence(staff, pause.presence) }
        day.plan(in: pause.minutes * 60) { day in
            if let staff { try await day.setPresence(staff, Presence(status: .onDuty)) }
            try await day.execute(.open(window: window, staffID: staff))
            try await serve(window, day)
        }
    }
}
