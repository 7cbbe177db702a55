import Foundation
import Testing

@testable import HallCore

@Suite("Alerts (预警)")
struct AlertTests {
    static func configuration(_ policy: AlertPolicy = AlertPolicy(longestWaitMinutes: 30, waitingCount: 3, serviceMinutes: 20))
        -> HallConfiguration
    {
        var configuration = Fixture.configuration()
        configuration.alerts = policy
        return configuration
    }

    func raised(_ events: [HallEvent]) -> [String] {
        events.compactMap { event -> String? in
            guard case .alertRaised(let alert) = event else { return nil }
            return alert.id
        }
    }

    func cleared(_ events: [HallEvent]) -> [String] {
        events.compactMap { event -> String? in
            guard case .alertCleared(let id) = event else { return nil }
            return id
        }
    }

    @Test("a window closed during opening hours while residents wait for its services is raised once, cleared when it opens")
    func windowClosedWhileWaiting() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.run(.open(window: 1, staffID: "zhang"))
        try s.run(.open(window: 2, staffID: "li"))
        try s.issue("land")
        let first = s.at("08:32")
        #expect(raised(first) == ["window:3"])
        guard case .alertRaised(let alert) = first.first(where: { if case .alertRaised = $0 { true } else { false } }) else {
            Issue.record("no alert")
            return
        }
        #expect(alert.kind == .windowUnstaffed)
        #expect(alert.windows == [3])
        #expect(alert.message.zh == "3号窗口未开放，仍有1人等候其业务")
        #expect(s.at("08:33").isEmpty)
        try s.run(.open(window: 3, staffID: "wang"))
        #expect(cleared(s.at("08:34")) == ["window:3"])
        #expect(s.state.alerts.isEmpty)
    }

    @Test("a window closing while people wait for its service alerts the consoles of every window serving it")
    func closingConcernsBackups() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        #expect(s.at("08:32").isEmpty)
        try s.run(.close(window: 1))
        let events = s.at("08:33")
        #expect(raised(events) == ["window:1"])
        #expect(s.state.alerts["window:1"]?.windows == [1, 2])
    }

    @Test("a staffed open window whose clerk is away counts as unstaffed")
    func clerkAway() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.openAll()
        try s.issue("civil")
        try s.run(.setPresence(staffID: "li", presence: Presence(status: .meeting)))
        #expect(raised(s.at("08:32")) == ["window:2"])
        #expect(s.state.alerts["window:2"]?.message.zh == "2号窗口无人在岗，仍有1人等候其业务")
    }

    @Test("after hours nothing is raised for closed windows; on a new day every alert is cleared first")
    func afterHoursAndRollover() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.issue("land")
        #expect(raised(s.at("08:32")).contains("window:3"))
        let lunch = s.at("12:30")
        #expect(cleared(lunch).contains("window:3"))
        try s.run(.open(window: 1, staffID: "zhang"))
        _ = s.at("14:01")
        #expect(s.state.alerts["window:3"] != nil)
        let next = s.at("08:00", day: "2026-11-24")
        // The land visit has waited since the morning: its long wait is cleared with the window's alert.
        #expect(cleared(next) == ["longWait:land", "window:3"])
        #expect(next.last == .dayStarted(date: LocalDate("2026-11-24")!))
        #expect(s.state.alerts.isEmpty)
    }

    @Test("a long wait, a long line and a long service, each over its threshold")
    func queueThresholds() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.openAll()
        try s.issue("land")
        _ = try s.callNext(3)
        try s.run(.start(window: 3))
        for _ in 0..<4 { try s.issue("civil") }
        // 4 wait for civil (over 3); nothing has waited 30 minutes nor been served 20.
        #expect(raised(s.at("08:32")) == ["longQueue:civil"])
        #expect(s.state.alerts["longQueue:civil"]?.windows == [1, 2])
        #expect(Set(raised(s.at("09:02"))) == ["longWait:civil", "longService:3"])
        try s.run(.finish(window: 3))
        #expect(cleared(s.at("09:03")) == ["longService:3"])
    }

    @Test("a printer out of paper and a missing evaluator are raised; back to ok clears them")
    func devices() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut))
        try s.run(.reportDevice(deviceID: "eval-2", kind: "evaluator", window: 2, status: .unplugged))
        try s.run(.reportDevice(deviceID: "kp-1", kind: "caller", window: 1, status: .unplugged))
        #expect(raised(s.at("08:32")) == ["device:eval-2", "device:kiosk-printer"])
        #expect(s.state.alerts["device:eval-2"]?.windows == [2])
        #expect(s.state.alerts["device:kiosk-printer"]?.message.zh == "取号机打印机缺纸（kiosk-printer）")
        try s.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .ok))
        #expect(cleared(s.at("08:33")) == ["device:kiosk-printer"])
    }

    @Test("follow-ups and complaints past due are raised on the day after their due day")
    func pastDue() throws {
        var s = Script(Self.configuration(), at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "K7MQ3XPA")
        _ = try s.callNext(1)
        try s.run(.finish(window: 1))
        try s.run(.rate(visitID: s.id("A001"), level: .unsatisfied, reason: "慢", source: .ticketCode("K7MQ3XPA")))
        try s.run(.complaint(.submit(code: "C0DE1234", category: .fees, channel: .phone, text: "收费不明", phone: nil, ticket: nil)))
        #expect(s.at("08:32").isEmpty)
        // A new day starts clean; its first tick after that evaluates (the hall ticks every second).
        _ = s.at("17:40", day: "2026-11-26")
        _ = s.at("17:41")
        #expect(s.state.alerts.isEmpty)
        _ = s.at("17:40", day: "2026-11-27")
        #expect(raised(s.at("17:41")) == ["followUp:20261123-A001"])
        _ = s.at("17:40", day: "2026-12-01")
        _ = s.at("17:41")
        #expect(Set(s.state.alerts.keys) == ["followUp:20261123-A001", "complaint:C0DE1234"])
        try s.run(.complaint(.reply(code: "C0DE1234", text: "已说明收费依据", by: "admin")))
        #expect(cleared(s.at("17:42")) == ["complaint:C0DE1234"])
    }

    @Test("without an alerts section the hall raises nothing")
    func offByDefault() throws {
        var s = Script(at: "08:31")
        try s.issue("land")
        #expect(s.at("09:30").isEmpty)
    }

    @Test("alert events round-trip as flat JSON")
    func wire() throws {
        let alert = Alert(id: "window:3", kind: .windowUnstaffed, windows: [3], window: 3, message: .init(zh: "中", en: "en"))
        for event in [HallEvent.alertRaised(alert), .alertCleared(id: "window:3")] {
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(HallEvent.self, from: data) == event)
        }
    }

    @Test(
        "the longest wait read from the lines' heads is the earliest join of everyone waiting, through transfers to the front and back, to windows, calls and cancellations"
    )
    func longestWaitFromHeads() throws {
        var s = Script(Self.configuration(AlertPolicy(longestWaitMinutes: 20, waitingCount: 1_000, serviceMinutes: 600)), at: "08:31")
        try s.openAll()
        let services = s.state.configuration.services.map(\.id)
        let windows = s.state.configuration.windows.map(\.number)
        var raisedOnce = false
        for step in 0..<600 {
            // A deterministic walk through the day: the step's hash picks what happens.
            let roll = (step &* 2_654_435_761) >> 7
            s.now = s.now.addingTimeInterval(Double(roll % 40))
            _ = s.state.advance(to: s.now)
            let window = windows[roll % windows.count]
            let current = s.state.windows[window]?.current
            switch (roll >> 4) % 10 {
            case 0...3:
                try s.issue(services[roll % services.count], roll % 5 == 0 ? .elderly : .normal, secret: "S\(step)")
            case 4,
                5 where current == nil:
                _ = try? s.run(.callNext(window: window))
            case 4, 5:
                try s.run(.finish(window: window))
            case 6 where current != nil:
                // Refused when it names the visit's own line: the walk goes on.
                _ = try? s.run(
                    .transfer(
                        window: window, toService: services[roll % services.count], toWindow: nil, position: roll % 2 == 0 ? .front : .back)
                )
            case 7 where current != nil:
                _ = try? s.run(.transfer(window: window, toService: nil, toWindow: windows[(roll >> 3) % windows.count], position: .back))
            case 8:
                if let waiting = s.state.openVisits.first(where: { $0.status == .waiting }) { try s.run(.cancel(visitID: waiting.id)) }
            default:
                break
            }
            // Everyone waiting, walked one by one.
            var oldest: [String: Date] = [:]
            for visit in s.state.openVisits where visit.status == .waiting && visit.appointmentAt == nil {
                oldest[visit.serviceID] = min(oldest[visit.serviceID] ?? .distantFuture, visit.queuedAt)
            }
            for (serviceID, line) in s.state.lines {
                let walked = (line.normal + line.priority).compactMap { s.state.visits[$0]?.queuedAt }.min()
                #expect(line.oldestQueuedAt(visits: s.state.visits) == walked, "step \(step), \(serviceID)")
            }
            let late = Set(oldest.filter { s.now.timeIntervalSince($0.value) > 20 * 60 }.keys.map { "longWait:\($0)" })
            let wanted = Set(s.state.wantedAlerts(at: s.now).keys.filter { $0.hasPrefix("longWait:") })
            #expect(wanted == late, "step \(step)")
            raisedOnce = raisedOnce || !late.isEmpty
        }
        #expect(raisedOnce, "the walk never left anyone waiting 20 minutes")
    }
}
