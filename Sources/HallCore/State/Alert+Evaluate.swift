import Foundation

extension HallState {
    /// The alerts the hall's state calls for at `now`, by id: none unless the hall file has an
    /// `alerts:` section (``AlertPolicy/raises``).
    public func wantedAlerts(at now: Date) -> [String: Alert] {
        var wanted = AlertCollector { _ in true }
        collectAlerts(at: now, into: &wanted)
        return wanted.built
    }

    /// `alertRaised` for every wanted alert not yet raised, `alertCleared` for every raised one no
    /// longer wanted, in id order. Runs before every command: an alert already raised is only
    /// named, its message is not composed again.
    func alertEvents(at now: Date) -> [HallEvent] {
        guard configuration.alertPolicy.raises || !alerts.isEmpty else { return [] }
        let raised = alerts
        var wanted = AlertCollector { raised[$0] == nil }
        collectAlerts(at: now, into: &wanted)
        var events: [HallEvent] = []
        for id in wanted.built.keys.sorted() { events.append(.alertRaised(wanted.built[id]!)) }
        for id in alerts.keys.sorted() where !wanted.ids.contains(id) { events.append(.alertCleared(id: id)) }
        return events
    }

    private func collectAlerts(at now: Date, into wanted: inout AlertCollector) {
        let policy = configuration.alertPolicy
        guard policy.raises else { return }
        let serving = windowsServing
        queueAlerts(at: now, policy, serving, into: &wanted)
        windowAlerts(at: now, policy, serving, into: &wanted)
        deviceAlerts(into: &wanted)
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        for f in followUps.items.values where f.isOverdue(today: today) {
            wanted.add("followUp:\(f.id)") { id in
                Alert(
                    id: id, kind: .followUpOverdue, window: f.window, subject: f.id,
                    message: LocalizedText(zh: "差评整改\(f.id)已超期（应于\(f.due)前办结）", en: "Follow-up \(f.id) is overdue (due \(f.due))"))
            }
        }
        for c in complaints.items.values where c.isOverdue(today: today) {
            wanted.add("complaint:\(c.id)") { id in
                Alert(
                    id: id, kind: .complaintOverdue, subject: c.id,
                    message: LocalizedText(
                        zh: "投诉建议\(c.id)答复已超期（应于\(c.due)前答复）", en: "Complaint \(c.id) awaits its reply past \(c.due)"))
            }
        }
    }

    /// Runs before every command, so it costs what the number of lines costs, not the number of
    /// residents waiting: a service's line is counted by its length, and its longest wait is read
    /// from its heads (``WaitingLine/oldestQueuedAt(visits:)``). Window lines (visits transferred to
    /// one window, a few at most) are walked, since they mix services.
    private func queueAlerts(at now: Date, _ policy: AlertPolicy, _ serving: [String: [Int]], into wanted: inout AlertCollector) {
        var waiting: [String: (count: Int, oldest: Date?)] = [:]
        func add(_ serviceID: String, count: Int, oldest: Date?) {
            let known = waiting[serviceID] ?? (0, nil)
            let earliest = [known.oldest, oldest].compactMap { $0 }.min()
            waiting[serviceID] = (known.count + count, earliest)
        }
        for (serviceID, line) in lines where line.count > 0 {
            add(serviceID, count: line.count, oldest: line.oldestQueuedAt(visits: visits))
        }
        for line in windowLines.values {
            for id in line.normal + line.priority {
                if let v = visits[id] { add(v.serviceID, count: 1, oldest: v.queuedAt) }
            }
        }
        for (serviceID, line) in waiting {
            let name = configuration.service(serviceID)?.name ?? LocalizedText(zh: serviceID, en: serviceID)
            let windows = serving[serviceID] ?? []
            if let oldest = line.oldest, now.timeIntervalSince(oldest) > Double(policy.longestWaitMinutes * 60) {
                wanted.add("longWait:\(serviceID)") { id in
                    Alert(
                        id: id, kind: .longWait, windows: windows, serviceID: serviceID,
                        message: LocalizedText(
                            zh: "\(name.zh)最长等候已超过\(policy.longestWaitMinutes)分钟",
                            en: "\(name.en): the longest wait is over \(policy.longestWaitMinutes) minutes"))
                }
            }
            if line.count > policy.waitingCount {
                wanted.add("longQueue:\(serviceID)") { id in
                    Alert(
                        id: id, kind: .longQueue, windows: windows, serviceID: serviceID,
                        message: LocalizedText(
                            zh: "\(name.zh)等候人数超过\(policy.waitingCount)人", en: "\(name.en): more than \(policy.waitingCount) waiting"))
                }
            }
        }
    }

    private func windowAlerts(at now: Date, _ policy: AlertPolicy, _ serving: [String: [Int]], into wanted: inout AlertCollector) {
        let open = configuration.schedule.isOpen(at: now)
        for window in configuration.windows {
            guard let state = windows[window.number] else { continue }
            let n = window.number
            if let id = state.current, let visit = visits[id], visit.status == .serving, let started = visit.startedAt,
                now.timeIntervalSince(started) > Double(policy.serviceMinutes * 60)
            {
                wanted.add("longService:\(n)") { alertID in
                    Alert(
                        id: alertID, kind: .longService, windows: [n], window: n, subject: id,
                        message: LocalizedText(
                            zh: "\(n)号窗口\(visit.number)号办理已超过\(policy.serviceMinutes)分钟",
                            en: "Window \(n): \(visit.number) has been in service over \(policy.serviceMinutes) minutes"))
                }
            }
            guard open else { continue }
            let staffAway = state.staffID.map { presence[$0].map { $0.status != .onDuty } ?? false } ?? false
            let unstaffed = state.status == .closed || (state.status == .open && staffAway)
            guard unstaffed else { continue }
            let waiting = window.primaryServices.reduce(windowLines[n]?.count ?? 0) { $0 + waitingCount(service: $1) }
            guard waiting > 0 else { continue }
            let closed = state.status == .closed
            wanted.add("window:\(n)") { id in
                let concerned = Set([n] + window.primaryServices.flatMap { serving[$0] ?? [] }).sorted()
                let (zh, en) =
                    closed
                    ? ("\(n)号窗口未开放，仍有\(waiting)人等候其业务", "Window \(n) is closed while \(waiting) wait for its services")
                    : ("\(n)号窗口无人在岗，仍有\(waiting)人等候其业务", "Window \(n) has nobody on duty while \(waiting) wait for its services")
                return Alert(id: id, kind: .windowUnstaffed, windows: concerned, window: n, message: LocalizedText(zh: zh, en: en))
            }
        }
    }

    /// Printers out of paper or offline; scanners and evaluators missing.
    private func deviceAlerts(into wanted: inout AlertCollector) {
        for device in devices.values where Self.deviceFaults[device.kind]?.contains(device.status) == true {
            wanted.add("device:\(device.deviceID)") { id in deviceAlert(device, id: id) }
        }
    }

    /// The statuses that raise an alert, by kind of device (made once: the check runs before every command).
    private static let deviceFaults: [String: Set<DeviceState.Status>] = [
        "printer": [.paperOut, .offline, .unplugged, .coverOpen],
        "scanner": [.notFound, .unplugged, .offline, .fault],
        "evaluator": [.unplugged, .notFound, .offline, .failed],
    ]

    private func deviceAlert(_ device: DeviceState, id: String) -> Alert {
        let place = device.window.map { LocalizedText(zh: "\($0)号窗口", en: "window \($0)") } ?? LocalizedText(zh: "取号机", en: "kiosk")
        let kind: LocalizedText =
            switch device.kind {
            case "printer": LocalizedText(zh: "打印机", en: "printer")
            case "scanner": LocalizedText(zh: "扫描仪", en: "scanner")
            default: LocalizedText(zh: "评价器", en: "evaluator")
            }
        return Alert(
            id: id, kind: .device, windows: device.window.map { [$0] } ?? [], window: device.window,
            deviceID: device.deviceID,
            message: LocalizedText(
                zh: "\(place.zh)\(kind.zh)\(device.status.label.zh)（\(device.deviceID)）",
                en: "The \(place.en) \(kind.en) is \(device.status.label.en) (\(device.deviceID))"))
    }
}

/// The alerts a state calls for, as they are found: every id, and the alert itself only where
/// `wants` says so (composing the messages of alerts already raised, before every command, would
/// be wasted).
struct AlertCollector {
    let wants: (String) -> Bool
    private(set) var ids: Set<String> = []
    private(set) var built: [String: Alert] = [:]

    init(wants: @escaping (String) -> Bool) { self.wants = wants }

    mutating func add(_ id: String, _ make: (String) -> Alert) {
        ids.insert(id)
        if wants(id) { built[id] = make(id) }
    }
}
