import Foundation

extension HallState {
    /// Whether `now` falls on a later day than the state holds, or a rating has timed out.
    public func needsAdvance(to now: Date) -> Bool { !advanceEvents(to: now).isEmpty }

    /// Time-driven events: the day rollover (open visits of the old day cancelled, then a new day) and
    /// ratings whose time ran out. Applies them and returns them; never fails.
    public mutating func advance(to now: Date) -> [HallEvent] {
        let events = advanceEvents(to: now)
        for event in events { apply(event, at: now) }
        return events
    }

    /// The time-driven events ``advance(to:)`` would apply, without applying them: for an owner that
    /// applies them one at a time (the runtime draws the screens' picture after each).
    public func advanceEvents(to now: Date) -> [HallEvent] {
        var events: [HallEvent] = []
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        if day == nil || day! < today {
            for visit in openVisits {
                events.append(.visitCancelled(visitID: visit.id, reason: .endOfDay))
            }
            for id in awaitingRatings { events.append(.ratingExpired(visitID: id)) }
            for id in alerts.keys.sorted() { events.append(.alertCleared(id: id)) }
            events.append(.dayStarted(date: today))
            return events
        }
        let timeout = Double(configuration.policy.ratingTimeoutSeconds)
        for id in awaitingRatings {
            guard let finished = visits[id]?.finishedAt, now.timeIntervalSince(finished) >= timeout else { break }
            events.append(.ratingExpired(visitID: id))
        }
        events += alertEvents(at: now)
        return events
    }

    /// Decides what `command` does at `now` and applies it. Throws, changing nothing, when the hall
    /// refuses. Call ``advance(to:)`` first with the same `now`.
    public mutating func handle(_ command: HallCommand, at now: Date) throws(HallError) -> [HallEvent] {
        let events = try decide(command, at: now)
        for event in events { apply(event, at: now) }
        return events
    }

    /// What `command` would do at `now`, without doing it: the events to apply in order, or the
    /// refusal. Call ``advance(to:)`` (or apply ``advanceEvents(to:)``) first with the same `now`.
    public func decide(_ command: HallCommand, at now: Date) throws(HallError) -> [HallEvent] {
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        if day.map({ $0 < today }) ?? true {
            throw HallError(.conflict, "day_not_started", zh: "新的一天尚未开始", en: "Advance the hall to the new day first")
        }
        switch command {
        case .issueTicket(let serviceID, let priority, let secret, let appointmentAt, let by):
            // 特事特办 is granted only after checking, by the guide desk or an administrator (seed 003).
            guard priority != .urgent || by != nil else {
                throw HallError(
                    .forbidden, "urgent_at_guide_desk", zh: "特事特办须经咨询引导台核实后办理，请到咨询引导台",
                    en: "The urgent channel is granted by the guide desk after checking; please ask there")
            }
            var ticket = try issue(serviceID: serviceID, priority: priority, secret: secret, appointmentAt: appointmentAt, at: now)
            if case .ticketIssued(var t) = ticket, let by {
                t.by = by
                ticket = .ticketIssued(t)
            }
            return [ticket]
        case .callNext(let n):
            let window = try openWindow(n)
            if let current = window.current, let visit = visits[current] {
                throw HallError(
                    .conflict, "window_busy", zh: "\(n)号窗口正在办理\(visit.number)号，请先办结、过号、挂起或转移",
                    en: "Window \(n) still holds \(visit.number): finish, skip, hold or transfer it first")
            }
            guard let next = nextVisit(for: n, at: now), let visit = visits[next] else {
                throw HallError(.conflict, "no_one_waiting", zh: "当前没有等候的号", en: "Nobody is waiting for window \(n)")
            }
            return [.visitCalled(visitID: next, number: visit.number, window: n, recall: false, calls: 1)]
        case .recall(let n):
            let visit = try currentVisit(n)
            guard visit.status == .called else {
                throw HallError(
                    .conflict, "already_serving", zh: "\(visit.number)号已在办理，无需重呼", en: "\(visit.number) is already being served")
            }
            if visit.recalls >= configuration.policy.recallLimit {
                return [.visitNoShow(visitID: visit.id, window: n, reason: .recallLimit)]
            }
            return [.visitCalled(visitID: visit.id, number: visit.number, window: n, recall: true, calls: visit.recalls + 2)]
        case .start(let n):
            let visit = try currentVisit(n)
            guard visit.status == .called else {
                throw HallError(.conflict, "already_serving", zh: "\(visit.number)号已在办理", en: "\(visit.number) is already being served")
            }
            return [.serviceStarted(visitID: visit.id, window: n)]
        case .skip(let n):
            let visit = try currentVisit(n)
            guard visit.status == .called else {
                throw HallError(
                    .conflict, "already_serving", zh: "\(visit.number)号已在办理，不能过号",
                    en: "\(visit.number) is being served and cannot be skipped")
            }
            return [.visitNoShow(visitID: visit.id, window: n, reason: .skipped)]
        case .transfer(let n, let toService, let toWindow, let position):
            return [try transfer(from: n, toService: toService, toWindow: toWindow, position: position)]
        case .hold(let n):
            let visit = try currentVisit(n)
            return [.visitHeld(visitID: visit.id, window: n)]
        case .resume(let n, let visitID):
            let window = try openWindow(n)
            if let current = window.current, let visit = visits[current] {
                throw HallError(.conflict, "window_busy", zh: "\(n)号窗口正在办理\(visit.number)号", en: "Window \(n) still holds \(visit.number)")
            }
            guard let id = visitID ?? window.held.first else {
                throw HallError(.conflict, "nothing_held", zh: "\(n)号窗口没有挂起的号", en: "Window \(n) has no held visit")
            }
            guard window.held.contains(id) else {
                if visits[id] == nil { throw .unknownVisit(id) }
                throw HallError(.conflict, "not_held_here", zh: "该号未在\(n)号窗口挂起", en: "That visit is not held at window \(n)")
            }
            return [.visitResumed(visitID: id, window: n)]
        case .finish(let n, let outcome, let intake):
            return try finish(window: n, outcome: outcome, intake: intake, at: now)
        case .pause(let n, let reason):
            let window = try openWindow(n)
            let reason = try TextLimit.pauseReason.check(reason)
            guard !reason.isEmpty else {
                throw HallError(.invalid, "reason_required", zh: "暂停服务须注明原因", en: "A pause needs a reason")
            }
            if let current = window.current, let visit = visits[current] {
                throw HallError(.conflict, "window_busy", zh: "请先办结\(visit.number)号再暂停", en: "Finish \(visit.number) before pausing")
            }
            return [.windowPaused(window: n, reason: reason)]
        case .open(let n, let staffID):
            guard let window = windows[n] else { throw .unknownWindow(n) }
            if let staffID, configuration.staffMember(staffID) == nil {
                throw HallError(.notFound, "unknown_staff", zh: "没有该工作人员：\(staffID)", en: "Unknown staff member: \(staffID)")
            }
            if window.status == .open && (staffID == nil || staffID == window.staffID) {
                throw HallError(.conflict, "already_open", zh: "\(n)号窗口已在服务中", en: "Window \(n) is already open")
            }
            return [.windowOpened(window: n, staffID: staffID)]
        case .close(let n):
            guard let window = windows[n] else { throw .unknownWindow(n) }
            guard window.status != .closed else {
                throw HallError(.conflict, "already_closed", zh: "\(n)号窗口已关闭", en: "Window \(n) is already closed")
            }
            if let current = window.current, let visit = visits[current] {
                throw HallError(.conflict, "window_busy", zh: "请先办结\(visit.number)号再关闭窗口", en: "Finish \(visit.number) before closing")
            }
            return [.windowClosed(window: n)]
        case .setPresence(let staffID, let presence):
            guard configuration.staffMember(staffID) != nil else {
                throw HallError(.notFound, "unknown_staff", zh: "没有该工作人员：\(staffID)", en: "Unknown staff member: \(staffID)")
            }
            var presence = presence
            presence.note = try presence.note.map { note throws(HallError) in try TextLimit.presenceNote.check(note) }
            if presence.note?.isEmpty == true { presence.note = nil }
            return [.presenceChanged(staffID: staffID, presence: presence)]
        case .rate(let visitID, let level, let reason, let source):
            let rating = try rate(visitID: visitID, level: level, reason: reason, source: source)
            // A bad rating opens its follow-up (差评整改) at once.
            guard case .ratingRecorded(let r) = rating,
                let opening = FollowUpBook.opening(for: r, at: now, configuration: configuration)
            else { return [rating] }
            return [rating, .followUp(opening)]
        case .cancel(let visitID):
            guard let visit = visits[visitID] else { throw .unknownVisit(visitID) }
            guard visit.status == .waiting else {
                throw HallError(.conflict, "not_waiting", zh: "\(visit.number)号已不在等候中", en: "\(visit.number) is no longer waiting")
            }
            return [.visitCancelled(visitID: visitID, reason: .cancelled)]
        case .reportDevice(let id, let kind, let window, let status):
            let id = id.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                throw HallError(.invalid, "bad_device_report", zh: "设备编号不能为空", en: "A device report needs an id")
            }
            if let window, windows[window] == nil { throw .unknownWindow(window) }
            let known = devices[id]
            if known?.status == status && known?.kind == kind && known?.window == window { return [] }
            return [.deviceStatusChanged(deviceID: id, kind: kind, window: window, status: status)]
        case .reportDroppedPrint(let id, let job, let visit, let reason):
            guard !id.isEmpty, !job.isEmpty, !reason.isEmpty else {
                throw HallError(.invalid, "bad_print_drop", zh: "打印任务报告不完整", en: "A dropped print job needs a printer, a job and a reason")
            }
            return [.printJobDropped(deviceID: id, jobID: job, visitID: visit, reason: reason)]
        // MARK: cases (办件)
        case .extendCase, .markCaseReady, .completeCase, .pickUpCase:
            return try cases.decide(command, today: today)
        case .recordPrint(let visitID, let document, let by):
            return [try recordPrint(visitID: visitID, document: document, by: by)]
        // MARK: accountability
        case .followUp(let c):
            return try followUps.decide(c, at: now, configuration: configuration).map { .followUp($0) }
        case .complaint(let c):
            return try complaints.decide(c, at: now, configuration: configuration).map { .complaint($0) }
        // MARK: appointments (预约)
        case .appointment(let command):
            return try decide(appointment: command, at: now)
        // MARK: guide desk (咨询引导台)
        case .guideDesk(let command):
            return try decide(guideDesk: command, at: now)
        // MARK: cases (harden)
        case .takeOverWindow(let n, let by, let from):
            guard configuration.window(n) != nil else { throw .unknownWindow(n) }
            guard !by.isEmpty, !from.isEmpty, by != from else {
                throw HallError(
                    .invalid, "bad_takeover", zh: "接管须由另一名窗口人员进行", en: "A takeover names two different clerks' accounts")
            }
            return [.windowTakenOver(window: n, by: by, from: from)]
        }
    }

    func issue(serviceID: String, priority: Priority, secret: String, appointmentAt: Date?, at now: Date) throws(HallError)
        -> HallEvent
    {
        guard let service = configuration.service(serviceID) else { throw .unknownService(serviceID) }
        let schedule = configuration.schedule
        guard schedule.isOpen(at: now) else {
            let next = schedule.nextOpening(after: now).map { LocalDate.local($0, utcOffsetMinutes: schedule.utcOffsetMinutes) }
            let when = next.map { "\($0.date) \(OpeningPeriod.format($0.minute))" } ?? ""
            throw HallError(
                .conflict, "hall_closed", zh: "现在不是办公时间" + (when.isEmpty ? "" : "，下次办公：\(when)"),
                en: "The hall is closed now" + (when.isEmpty ? "" : "; it opens next at \(when)"))
        }
        guard let day else { throw HallError(.conflict, "day_not_started", zh: "新的一天尚未开始", en: "The day has not started") }
        let sequence = (issuedToday[service.prefix] ?? 0) + 1
        let digits = String(sequence)
        let number = service.prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        return .ticketIssued(
            HallEvent.TicketIssued(
                visitID: "\(day.compact)-\(number)", number: number, serviceID: serviceID, priority: priority,
                ahead: waitingCount(service: serviceID), estimatedWaitSeconds: estimatedWait(service: serviceID),
                appointmentAt: appointmentAt, secret: secret))
    }

    private func transfer(from n: Int, toService: String?, toWindow: Int?, position: LinePosition) throws(HallError) -> HallEvent {
        let visit = try currentVisit(n)
        guard toService != nil || toWindow != nil else {
            throw HallError(.invalid, "transfer_target_required", zh: "请指定转往的业务或窗口", en: "Name a service or a window to transfer to")
        }
        let service = toService ?? visit.serviceID
        guard configuration.service(service) != nil else { throw .unknownService(service) }
        if let toWindow {
            guard windows[toWindow] != nil else { throw .unknownWindow(toWindow) }
            guard toWindow != n else {
                throw HallError(.invalid, "transfer_to_self", zh: "不能转给本窗口", en: "A window cannot transfer to itself")
            }
        } else if service == visit.serviceID {
            throw HallError(.invalid, "transfer_to_same_line", zh: "转移目标与当前业务相同", en: "The visit is already in that service's line")
        }
        return .visitTransferred(visitID: visit.id, fromWindow: n, toService: service, toWindow: toWindow, position: position)
    }

    private func rate(visitID: String, level: RatingLevel, reason: String?, source: RatingSource) throws(HallError) -> HallEvent {
        guard let visit = visits[visitID] else { throw .unknownVisit(visitID) }
        switch source {
        case .evaluator(let evaluatorWindow), .evaluatorKeys(let evaluatorWindow):
            guard windows[evaluatorWindow]?.awaitingRating == visitID else {
                throw HallError(.forbidden, "not_this_evaluator", zh: "该评价器不能评价此办件", en: "This evaluator cannot rate that visit")
            }
        case .ticketCode(let code):
            guard let secret = secrets[visitID], !secret.isEmpty, secret == code else {
                throw HallError(.forbidden, "wrong_code", zh: "评价码不正确", en: "The rating code is wrong")
            }
        }
        guard visit.ratingStatus == .awaiting else {
            let zh = visit.ratingStatus == .rated ? "该办件已评价，每件只能评价一次" : "该办件当前不能评价"
            let en = visit.ratingStatus == .rated ? "This visit has been rated already" : "This visit is not waiting for a rating"
            throw HallError(.conflict, visit.ratingStatus == .rated ? "already_rated" : "not_awaiting_rating", zh: zh, en: en)
        }
        guard let window = visit.window else { throw .unknownVisit(visitID) }
        let reason = try reason.map { text throws(HallError) in try TextLimit.ratingReason.check(text) }
        // An evaluator without a screen cannot ask for a reason: the rating stands, flagged for the
        // administrator to find the reason out (seed 001: every 不满意 is investigated).
        let reasonPending: Bool
        if case .evaluatorKeys = source { reasonPending = level.isBad && (reason ?? "").isEmpty } else { reasonPending = false }
        if level.isBad && (reason ?? "").isEmpty && !reasonPending {
            throw HallError(
                .invalid, "reason_required", zh: "“\(level.label.zh)”须选择或填写原因", en: "A rating of “\(level.label.en)” needs a reason")
        }
        return .ratingRecorded(
            HallEvent.RatingRecorded(
                visitID: visitID, level: level, reason: reason?.isEmpty == true ? nil : reason, source: source.kind,
                window: window, staffID: visit.staffID, serviceID: visit.serviceID, reasonPending: reasonPending))
    }

    private func openWindow(_ n: Int) throws(HallError) -> WindowState {
        guard let window = windows[n] else { throw .unknownWindow(n) }
        switch window.status {
        case .open: return window
        case .paused(let reason):
            throw HallError(.conflict, "window_paused", zh: "\(n)号窗口暂停服务（\(reason)）", en: "Window \(n) is paused (\(reason))")
        case .closed:
            throw HallError(.conflict, "window_closed", zh: "\(n)号窗口未开放", en: "Window \(n) is closed")
        }
    }

    private func currentVisit(_ n: Int) throws(HallError) -> Visit {
        guard let window = windows[n] else { throw .unknownWindow(n) }
        guard let id = window.current, let visit = visits[id] else { throw .noCurrentVisit(n) }
        return visit
    }
}
