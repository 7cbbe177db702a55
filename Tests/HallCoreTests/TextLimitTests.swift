import Foundation
import HallCore
import Testing

/// Issue 10, item 11: free texts that go onto every screen and into the journal are bounded.
/// Before, a pause reason, a presence note or a rating reason of 64 KB was stored and shown.
@Suite("Free texts are bounded")
struct TextLimitTests {
    @Test("a pause reason longer than 40 characters or of several lines is refused and changes nothing")
    func pauseReason() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        let before = s.state.windows
        #expect(throws: HallError.self) { try s.run(.pause(window: 1, reason: String(repeating: "长", count: 41))) }
        do {
            try s.run(.pause(window: 1, reason: "外出\n勘查"))
            Issue.record("a two-line pause reason was accepted")
        } catch { #expect(error.code == "text_control_characters") }
        #expect(s.state.windows == before)
        // Forty characters, counted as a person counts them, are fine.
        try s.run(.pause(window: 1, reason: "  " + String(repeating: "长", count: 40) + " "))
        #expect(s.state.windows[1]?.status == .paused(reason: String(repeating: "长", count: 40)))
    }

    @Test("a presence note is trimmed, an empty one dropped, a long one refused with the limit in the message")
    func presenceNote() throws {
        var s = Script(at: "08:31")
        do {
            try s.run(.setPresence(staffID: "li", presence: Presence(status: .meeting, note: String(repeating: "会", count: 41))))
            Issue.record("a 41-character note was accepted")
        } catch {
            #expect(error.code == "text_too_long")
            #expect(error.message.zh.contains("40"))
        }
        #expect(
            try s.run(.setPresence(staffID: "li", presence: Presence(status: .meeting, note: "  "))) == [
                .presenceChanged(staffID: "li", presence: Presence(status: .meeting, note: nil))
            ])
        #expect(
            try s.run(.setPresence(staffID: "li", presence: Presence(status: .outOnBusiness, note: " 入户走访 "))) == [
                .presenceChanged(staffID: "li", presence: Presence(status: .outOnBusiness, note: "入户走访"))
            ])
    }

    @Test("a rating reason over 200 characters is refused; the visit can still be rated")
    func ratingReason() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "CODE")
        _ = try s.callNext(1)
        try s.run(.finish(window: 1))
        let id = s.id("A001")
        #expect(throws: HallError.self) {
            try s.run(.rate(visitID: id, level: .unsatisfied, reason: String(repeating: "慢", count: 201), source: .ticketCode("CODE")))
        }
        #expect(s.state.visits[id]?.ratingStatus == .awaiting)
        try s.run(.rate(visitID: id, level: .unsatisfied, reason: "等候时间过长", source: .ticketCode("CODE")))
        #expect(s.state.visits[id]?.ratingReason == "等候时间过长")
    }
}
