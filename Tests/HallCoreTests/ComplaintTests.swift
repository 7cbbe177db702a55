import Foundation
import Testing

@testable import HallCore

@Suite("Complaints and suggestions (投诉建议)")
struct ComplaintTests {
    func submit(_ s: inout Script, code: String = "K7MQ3XPA", text: String? = nil, phone: String? = nil) throws -> [HallEvent] {
        try s.run(.complaint(.submit(code: code, category: .attitude, channel: .kiosk, text: text, phone: phone, ticket: nil)))
    }

    // Monday + 5 working days: Tue–Fri, then Sunday 2026-11-29, a worked weekend day (调休) in the fixture.
    @Test("made at the kiosk, written on the phone, assigned, replied, closed; the reply is due 5 working days later")
    func wholeLife() throws {
        var s = Script(at: "09:00")
        let made = try submit(&s, phone: "138 0000 0001")
        #expect(
            made == [
                .complaint(
                    .submitted(
                        .init(
                            id: "K7MQ3XPA", category: .attitude, channel: .kiosk, text: nil, phone: "138 0000 0001", ticket: nil,
                            due: LocalDate("2026-11-29")!)))
            ])
        #expect(
            try s.run(.complaint(.write(code: "K7MQ3XPA", text: "窗口人员\n态度生硬"))) == [.complaint(.written(id: "K7MQ3XPA", text: "窗口人员 态度生硬"))]
        )
        try s.run(.complaint(.assign(code: "K7MQ3XPA", staffID: "zhao", by: "admin")))
        try s.run(.complaint(.reply(code: "K7MQ3XPA", text: "已约谈当事人并致歉", by: "admin")))
        try s.run(.complaint(.close(code: "K7MQ3XPA", by: "admin")))
        let c = try #require(s.state.complaints["K7MQ3XPA"])
        #expect(c.status == .closed)
        #expect(c.text == "窗口人员 态度生硬")
        #expect(c.owner == "zhao")
        #expect(c.reply == "已约谈当事人并致歉")
        #expect(c.repliedBy == "admin" && c.closedBy == "admin")
        #expect(c.submittedAt == s.now && c.repliedAt == s.now)
    }

    @Test("anonymous is allowed; the text is written once; close needs a reply; phone numbers and lengths are checked")
    func refusals() throws {
        var s = Script(at: "09:00")
        _ = try submit(&s, text: "大厅空调坏了")
        #expect(s.state.complaints["K7MQ3XPA"]?.phone == nil)
        func code(_ command: ComplaintCommand) -> String? {
            do {
                _ = try s.state.decide(.complaint(command), at: s.now)
                return nil
            } catch { return error.code }
        }
        #expect(code(.write(code: "K7MQ3XPA", text: "再写一次")) == "already_written")
        #expect(code(.close(code: "K7MQ3XPA", by: "admin")) == "not_replied")
        #expect(code(.reply(code: "NOPE", text: "x", by: "admin")) == "unknown_complaint")
        #expect(code(.reply(code: "K7MQ3XPA", text: " ", by: "admin")) == "reply_required")
        #expect(code(.submit(code: "K7MQ3XPA", category: .other, channel: .phone, text: nil, phone: nil, ticket: nil)) == "duplicate_code")
        let long = String(repeating: "长", count: 501)
        #expect(code(.submit(code: "NEW1", category: .other, channel: .phone, text: long, phone: nil, ticket: nil)) == "text_too_long")
        #expect(code(.submit(code: "NEW1", category: .other, channel: .phone, text: nil, phone: "call me", ticket: nil)) == "bad_phone")
        #expect(code(.submit(code: "NEW1", category: .fees, channel: .phone, text: nil, phone: "0838-6201234", ticket: "A012")) == nil)
    }

    @Test("overdue while unreplied after the due day; complaint events round-trip as flat JSON")
    func overdueAndWire() throws {
        var s = Script(at: "09:00")
        let events = try submit(&s, text: "等太久")
        let c = try #require(s.state.complaints["K7MQ3XPA"])
        #expect(!c.isOverdue(today: c.due))
        #expect(c.isOverdue(today: c.due.adding(days: 1)))
        let all =
            events + [
                HallEvent.complaint(.written(id: "K7MQ3XPA", text: "t")),
                .complaint(.assigned(id: "K7MQ3XPA", staffID: "zhao", by: "admin")),
                .complaint(.replied(id: "K7MQ3XPA", text: "r", by: "admin")), .complaint(.closed(id: "K7MQ3XPA", by: "admin")),
            ]
        for event in all {
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(HallEvent.self, from: data) == event)
        }
    }
}
