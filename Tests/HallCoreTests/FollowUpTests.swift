import Foundation
import Testing

@testable import HallCore

@Suite("Follow-up of bad ratings (差评整改)")
struct FollowUpTests {
    /// A scripted Monday: A001 served at window 1 by 张伟 and rated.
    func rated(_ level: RatingLevel, reason: String? = "等候时间过长", configuration: HallConfiguration = Fixture.configuration())
        throws -> (Script, [HallEvent])
    {
        var s = Script(configuration, at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "K7MQ3XPA")
        _ = try s.callNext(1)
        try s.run(.finish(window: 1))
        let events = try s.run(.rate(visitID: s.id("A001"), level: level, reason: reason, source: .ticketCode("K7MQ3XPA")))
        return (s, events)
    }

    @Test("a 不满意 opens a follow-up due 3 working days later; a good rating opens none")
    func opensOnBadRating() throws {
        let (s, events) = try rated(.unsatisfied)
        let id = s.id("A001")
        #expect(events.count == 2)
        #expect(
            events.last
                == .followUp(
                    .opened(
                        .init(
                            id: id, level: .unsatisfied, reason: "等候时间过长", window: 1, ratedStaffID: "zhang", serviceID: "social",
                            due: LocalDate("2026-11-26")!))))
        let followUp = try #require(s.state.followUps[id])
        #expect(followUp.status == .open)
        #expect(followUp.history.map(\.kind) == [.opened])
        let (good, goodEvents) = try rated(.satisfied, reason: nil)
        #expect(goodEvents.count == 1)
        #expect(good.state.followUps.items.isEmpty)
    }

    @Test(
        "the due day counts statutory working days from the hall file: a Friday's rating with 2 days is due on Monday, the worked Sunday counting"
    )
    func dueInWorkingDays() throws {
        var configuration = Fixture.configuration()
        configuration.alerts = AlertPolicy(raises: false, followUpDueWorkingDays: 2)
        var s = Script(configuration, day: "2026-11-27", at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "K7MQ3XPA")
        _ = try s.callNext(1)
        try s.run(.finish(window: 1))
        try s.run(.rate(visitID: s.id("A001"), level: .veryUnsatisfied, reason: "态度生硬", source: .ticketCode("K7MQ3XPA")))
        // Sunday 2026-11-29 is a worked weekend day (调休) in the fixture: Fri → Sun (1) → Mon (2).
        #expect(s.state.followUps[s.id("A001")]?.due == LocalDate("2026-11-30"))
    }

    @Test("assigned, called back, closed: each step journaled with its actor, the history kept in order")
    func wholeLife() throws {
        var (s, _) = try rated(.veryUnsatisfied)
        let id = s.id("A001")
        #expect(
            try s.run(.followUp(.assign(id: id, staffID: "zhao", by: "admin"))) == [
                .followUp(.assigned(id: id, staffID: "zhao", by: "admin"))
            ])
        #expect(
            try s.run(.followUp(.callBack(id: id, reached: false, note: " 无人接听 ", by: "zhao")))
                == [.followUp(.calledBack(id: id, reached: false, note: "无人接听", by: "zhao"))])
        try s.run(.followUp(.callBack(id: id, reached: true, note: "已致歉，群众表示理解", by: "zhao")))
        #expect(
            try s.run(.followUp(.close(id: id, cause: "午间只开一个窗口", action: "午间增开AB岗窗口", by: "admin")))
                == [.followUp(.closed(id: id, cause: "午间只开一个窗口", action: "午间增开AB岗窗口", by: "admin"))])
        let f = try #require(s.state.followUps[id])
        #expect(f.status == .closed)
        #expect(f.assignee == "zhao")
        #expect(f.closedBy == "admin")
        #expect(f.closedAt == s.now)
        #expect(f.history.map(\.kind) == [.opened, .assigned, .calledBack, .calledBack, .closed])
        #expect(f.history.map(\.by) == [nil, "admin", "zhao", "zhao", "admin"])
        #expect(f.history[2].reached == false && f.history[3].reached == true)
        #expect(throws: HallError.self) { try s.run(.followUp(.callBack(id: id, reached: true, note: "再回访", by: "admin"))) }
    }

    @Test("refusals: unknown follow-up or staff, call-back before an assignee, empty or overlong texts")
    func refusals() throws {
        var (s, _) = try rated(.unsatisfied)
        let id = s.id("A001")
        func code(_ command: FollowUpCommand) -> String? {
            do {
                _ = try s.state.decide(.followUp(command), at: s.now)
                return nil
            } catch { return error.code }
        }
        #expect(code(.assign(id: "nope", staffID: "zhao", by: "admin")) == "unknown_follow_up")
        #expect(code(.assign(id: id, staffID: "nobody", by: "admin")) == "unknown_staff")
        #expect(code(.callBack(id: id, reached: true, note: "好", by: "admin")) == "not_assigned")
        try s.run(.followUp(.assign(id: id, staffID: "zhao", by: "admin")))
        #expect(code(.assign(id: id, staffID: "zhao", by: "admin")) == "already_assigned")
        #expect(code(.callBack(id: id, reached: true, note: "  ", by: "admin")) == "note_required")
        #expect(code(.callBack(id: id, reached: true, note: String(repeating: "长", count: 201), by: "admin")) == "text_too_long")
        #expect(code(.close(id: id, cause: "原因", action: "", by: "admin")) == "cause_and_action_required")
    }

    @Test("overdue after the due day while not closed")
    func overdue() throws {
        let (s, _) = try rated(.unsatisfied)
        let f = try #require(s.state.followUps[s.id("A001")])
        #expect(!f.isOverdue(today: LocalDate("2026-11-26")!))
        #expect(f.isOverdue(today: LocalDate("2026-11-27")!))
    }

    @Test("follow-ups outlive the day: a new day keeps them, and a restored book replaces the replayed one")
    func outlivesTheDay() throws {
        var (s, _) = try rated(.unsatisfied)
        let id = s.id("A001")
        s.at("08:31", day: "2026-11-24")
        #expect(s.state.followUps[id]?.status == .open)
        var fresh = HallState(configuration: Fixture.configuration())
        fresh.restoreRecords(followUps: s.state.followUps, complaints: s.state.complaints)
        #expect(fresh.followUps == s.state.followUps)
    }

    @Test("follow-up events travel as flat JSON with their own type and come back equal")
    func wire() throws {
        let (s, events) = try rated(.unsatisfied)
        let id = s.id("A001")
        let all: [HallEvent] =
            events + [
                .followUp(.assigned(id: id, staffID: "zhao", by: "admin")),
                .followUp(.calledBack(id: id, reached: true, note: "已回访", by: "zhao")),
                .followUp(.closed(id: id, cause: "原因", action: "措施", by: "admin")),
            ]
        for event in all {
            let data = try JSONEncoder().encode(event)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["type"] as? String == event.type)
            #expect(try JSONDecoder().decode(HallEvent.self, from: data) == event)
        }
        #expect(all.last?.type == "followUpClosed")
    }
}
