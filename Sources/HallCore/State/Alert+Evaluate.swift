import Foundation

extension HallState {
    /// The alerts the hall's state calls for at `now`, by id: none unless the hall file has an
    /// `alerts:` section (``AlertPolicy/raises``).
    public func wantedAlerts(at now: Date) -> [String: Alert] {
        let policy = configuration.alertPolicy
        guard policy.raises else { return [:] }
        var wanted: [String: Alert] = [:]
        func add(_ alert: Alert) { wanted[alert.id] = alert }
        for alert in queueAlerts(at: now, policy) { add(alert) }
        for alert in windowAlerts(at: now, policy) { add(alert) }
        for alert in deviceAlerts() { add(alert) }
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        for f in followUps.items.values where f.isOverdue(today: today) {
            add(
                Alert(
                    id: "followUp:\(f.id)", kind: .followUpOverdue, window: f.window, subject: f.id,
                    message: LocalizedText(zh: "差评整改\(f.id)已超期（应于\(f.due)前办结）", en: "Follow-up \(f.id) is overdue (due \(f.due))")))
        }
        for c in complaints.items.values where c.isOverdue(today: today) {
            add(
                Alert(
                    id: "complaint:\(c.id)", kind: .complaintOverdue, subject: c.id,
                    message: LocalizedText(
                        zh: "投诉建议\(c.id)答复已超期（应于\(c.due)前答复）", en: "Complaint \(c.id) awaits its reply past \(c.due)")))
        }
        return wanted
    }

    /// `alertRaised` for every wanted alert not yet raised, `alertCleared` for every raised one no
    /// longer wanted, in id order.
    func alertEvents(at now: Date) -> [HallEvent] {
        let wanted = wantedAlerts(at: now)
        var events: [HallEvent] = []
        for id in wanted.keys.sorted() where alerts[id] == nil { events.append(.alertRaised(wanted[id]!)) }
        for id in alerts.keys.sorted() where wanted[id] == nil { events.append(.alertCleared(id: id)) }
        return events
    }

    /// The windows that serve `serviceID` (first or as backup).
    private func windowsServing(_ serviceID: String) -> [Int] {
        configuration.windows.filter { $0.tier(of: serviceID) != nil }.map(\.number).sorted()
    }

    private func queueAlerts(at now: Date, _ policy: AlertPolicy) -> [Alert] {
        var waitingSince: [String: [Date]] = [:]
        for line in lines.values {
            for id in line.normal + line.priority {
                if let v = visits[id] { waitingSince[v.serviceID, default: []].append(v.queuedAt) }
            }
        }
        for line in windowLines.values {
            for id in line.normal + line.priority {
                if let v = visits[id] { waitingSince[v.serviceID, default: []].append(v.queuedAt) }
            }
        }
        var result: [Alert] = []
        for (serviceID, times) in waitingSince {
            let name = configuration.service(serviceID)?.name ?? LocalizedText(zh: serviceID, en: serviceID)
            let windows = windowsServing(serviceID)
            if let oldest = times.min(), now.timeIntervalSince(oldest) > Double(policy.longestWaitMinutes * 60) {
                result.append(
                    Alert(
                        id: "longWait:\(serviceID)", kind: .longWait, windows: windows, serviceID: serviceID,
                        message: LocalizedText(
                            zh: "\(name.zh)最长等候已超过\(policy.longestWaitMinutes)分钟",
                            en: "\(name.en): the longest wait is over \(policy.longestWaitMinutes) minutes")))
            }
            if times.count > policy.waitingCount {
                result.append(
                    Alert(
                        id: "longQueue:\(serviceID)", kind: .longQueue, windows: windows, serviceID: serviceID,
                        message: LocalizedText(
                            zh: "\(name.zh)等候人数超过\(policy.waitingCount)人", en: "\(name.en): more than \(policy.waitingCount) waiting")))
            }
        }
        return result
    }

    private func windowAlerts(at now: Date, _ policy: AlertPolicy) -> [Alert] {
        var result: [Alert] = []
        let open = configuration.schedule.isOpen(at: now)
        for window in configuration.windows {
            guard let state = windows[window.number] else { continue }
            let n = window.number
            if let id = state.current, let visit = visits[id], visit.status == .serving, let started = visit.startedAt,
                now.timeIntervalSince(started) > Double(policy.serviceMinutes * 60)
            {
                result.append(
                    Alert(
                        id: "longService:\(n)", kind: .longService, windows: [n], window: n, subject: id,
                        message: LocalizedText(
                            zh: "\(n)号窗口\(visit.number)号办理已超过\(policy.serviceMinutes)分钟",
                            en: "Window \(n): \(visit.number) has been in service over \(policy.serviceMinutes) minutes")))
            }
            guard open else { continue }
            let staffAway = state.staffID.map { presence[$0].map { $0.status != .onDuty } ?? false } ?? false
            let unstaffed = state.status == .closed || (state.status == .open && staffAway)
            guard unstaffed else { continue }
            let waiting = window.primaryServices.reduce(windowLines[n]?.count ?? 0) { $0 + waitingCount(service: $1) }
            guard waiting > 0 else { continue }
            let concerned = Set([n] + window.primaryServices.flatMap(windowsServing)).sorted()
            let (zh, en) =
                state.status == .closed
                ? ("\(n)号窗口未开放，仍有\(waiting)人等候其业务", "Window \(n) is closed while \(waiting) wait for its services")
                : ("\(n)号窗口无人在岗，仍有\(waiting)人等候其业务", "Window \(n) has nobody on duty while \(waiting) wait for its services")
            result.append(
                Alert(id: "window:\(n)", kind: .windowUnstaffed, windows: concerned, window: n, message: LocalizedText(zh: zh, en: en)))
        }
        return result
    }

    /// Printers out of paper or offline; scanners and evaluators missing.
    private func deviceAlerts() -> [Alert] {
        let faults: [String: Set<DeviceState.Status>] = [
            "printer": [.paperOut, .offline, .unplugged, .coverOpen],
            "scanner": [.notFound, .unplugged, .offline, .fault],
            "evaluator": [.unplugged, .notFound, .offline, .failed],
        ]
        return devices.values.compactMap { device -> Alert? in
            guard faults[device.kind]?.contains(device.status) == true else { return nil }
            let place = device.window.map { LocalizedText(zh: "\($0)号窗口", en: "window \($0)") } ?? LocalizedText(zh: "取号机", en: "kiosk")
            let kind: LocalizedText =
                switch device.kind {
                case "printer": LocalizedText(zh: "打印机", en: "printer")
                case "scanner": LocalizedText(zh: "扫描仪", en: "scanner")
                default: LocalizedText(zh: "评价器", en: "evaluator")
                }
            return Alert(
                id: "device:\(device.deviceID)", kind: .device, windows: device.window.map { [$0] } ?? [], window: device.window,
                deviceID: device.deviceID,
                message: LocalizedText(
                    zh: "\(place.zh)\(kind.zh)\(device.status.label.zh)（\(device.deviceID)）",
                    en: "The \(place.en) \(kind.en) is \(device.status.label.en) (\(device.deviceID))"))
        }
    }
}
