import Foundation
import HallCore
import Testing

@Suite("Which visit a window calls next")
struct AssignmentTests {
    @Test("the longest-waiting visit is called first (ascending arrival), not the newest")
    func longestWaitingFirst() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        s.at("08:40")
        try s.issue("social")
        s.at("08:50")
        try s.issue("social")
        #expect(try s.callNext(1) == "A001")
        try s.run(.finish(window: 1))
        #expect(try s.callNext(1) == "A002")
    }

    @Test("a window calls its primary services before its backup services (AB post)")
    func primaryBeforeBackup() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("civil")  // B001 waits longest, but is window 1's backup
        s.at("08:35")
        try s.issue("social")  // A001: window 1's primary
        #expect(try s.callNext(1) == "A001")
        try s.run(.finish(window: 1))
        // With its primary line empty, window 1 covers the civil-affairs line.
        #expect(try s.callNext(1) == "B001")
        try s.run(.finish(window: 1))
        #expect(throws: HallError.self) { try s.callNext(1) }
    }

    @Test("priority visits go first, but after N priority calls in a row one normal visit is called")
    func priorityWithoutStarvation() throws {
        var s = Script(Fixture.configuration(policy: HallPolicy(priorityStreakLimit: 2)), at: "08:31")
        try s.openAll()
        try s.issue("social")  // A001 normal, earliest
        try s.issue("social", .elderly)  // A002
        try s.issue("social", .disabled)  // A003
        try s.issue("social", .urgent, by: "guide")  // A004, granted at the guide desk
        try s.issue("social")  // A005 normal
        var called: [String] = []
        for _ in 0..<5 {
            called.append(try s.callNext(1))
            try s.run(.finish(window: 1))
        }
        #expect(called == ["A002", "A003", "A001", "A004", "A005"])
    }

    @Test("two windows never hold the same visit, and a busy window cannot call again")
    func exclusiveVisits() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        let first = try s.callNext(1)
        let second = try s.callNext(2)  // window 2 backs up social
        #expect(first != second)
        do {
            _ = try s.callNext(1)
            Issue.record("a busy window called again")
        } catch {
            #expect(error.code == "window_busy")
        }
        #expect(s.state.windows[1]?.current == s.id(first))
        #expect(s.state.windows[2]?.current == s.id(second))
    }

    @Test("a visit transferred to a window is called only there; to the front of a line, before the rest")
    func transfers() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")  // A001
        try s.issue("civil")  // B001
        try s.issue("civil")  // B002
        #expect(try s.callNext(1) == "A001")
        // A001 also needs a civil-affairs matter: to the front of the civil line.
        #expect(
            try s.run(.transfer(window: 1, toService: "civil", toWindow: nil, position: .front))
                == [.visitTransferred(visitID: s.id("A001"), fromWindow: 1, toService: "civil", toWindow: nil, position: .front)])
        #expect(s.visit("A001")?.status == .waiting)
        #expect(try s.callNext(2) == "A001")
        // Then to window 3 only, at the back.
        try s.run(.transfer(window: 2, toService: nil, toWindow: 3, position: .back))
        #expect(try s.callNext(2) == "B001")
        #expect(try s.callNext(3) == "A001")
        #expect(s.visit("A001")?.transfers == 2)
    }

    @Test("appointments are called first once their slot has started, not before")
    func appointments() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.run(.issueTicket(serviceID: "social", priority: .normal, secret: "X", appointmentAt: Fixture.instant("2026-11-23", "09:00")))
        #expect(try s.callNext(1) == "A001")
        try s.run(.finish(window: 1))
        #expect(throws: HallError.self) { try s.callNext(1) }
        s.at("09:00")
        #expect(try s.callNext(1) == "A002")
    }

    @Test("wait estimates: people ahead shared by open windows, times the service time")
    func estimates() throws {
        var s = Script(at: "08:31")
        #expect(s.state.estimatedWait(service: "social") == nil)  // no window open yet
        try s.run(.open(window: 1, staffID: nil))
        try s.issue("social")
        try s.issue("social")
        #expect(s.state.estimatedWait(service: "social") == 2 * 600)
        try s.run(.open(window: 2, staffID: nil))  // backs up social
        #expect(s.state.estimatedWait(service: "social") == 600)
        // A measured 4-minute service replaces the assumed 10 minutes.
        _ = try s.callNext(1)
        s.at("08:35")
        try s.run(.finish(window: 1))
        #expect(s.state.averageServiceSeconds(service: "social") == 240)
        guard case .ticketIssued(let t) = try s.run(.issueTicket(serviceID: "social", priority: .normal, secret: "Z")).first else {
            Issue.record("no ticket")
            return
        }
        #expect(t.ahead == 1)
        #expect(t.estimatedWaitSeconds == 240)
    }
}
