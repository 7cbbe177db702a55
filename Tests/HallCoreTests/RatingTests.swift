import Foundation
import HallCore
import Testing

@Suite("好差评: rating a finished visit")
struct RatingTests {
    /// A001 served and finished at window 1 by 张伟, with the ticket code `K7MQ3XPA`.
    func finishedVisit() throws -> Script {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "K7MQ3XPA")
        _ = try s.callNext(1)
        s.at("08:40")
        try s.run(.finish(window: 1))
        return s
    }

    @Test("the window's evaluator rates the visit it just finished, with window, staff and service")
    func evaluatorRating() throws {
        var s = try finishedVisit()
        let id = s.id("A001")
        #expect(s.visit("A001")?.ratingStatus == .awaiting)
        let events = try s.run(.rate(visitID: id, level: .verySatisfied, reason: nil, source: .evaluator(window: 1)))
        #expect(
            events == [
                .ratingRecorded(
                    .init(
                        visitID: id, level: .verySatisfied, reason: nil, source: "evaluator", window: 1, staffID: "zhang",
                        serviceID: "social"))
            ])
        #expect(s.visit("A001")?.rating == .verySatisfied)
    }

    @Test("one rating per visit")
    func onlyOnce() throws {
        var s = try finishedVisit()
        let id = s.id("A001")
        try s.run(.rate(visitID: id, level: .satisfied, reason: nil, source: .ticketCode("K7MQ3XPA")))
        do {
            try s.run(.rate(visitID: id, level: .veryUnsatisfied, reason: "再评一次", source: .ticketCode("K7MQ3XPA")))
            Issue.record("rated twice")
        } catch { #expect(error.code == "already_rated") }
        #expect(s.visit("A001")?.rating == .satisfied)
    }

    @Test("不满意 and 非常不满意 need a reason")
    func badNeedsReason() throws {
        var s = try finishedVisit()
        let id = s.id("A001")
        for level in [RatingLevel.unsatisfied, .veryUnsatisfied] {
            do {
                try s.run(.rate(visitID: id, level: level, reason: "   ", source: .evaluator(window: 1)))
                Issue.record("bad rating without reason")
            } catch { #expect(error.code == "reason_required") }
        }
        try s.run(.rate(visitID: id, level: .unsatisfied, reason: "等候时间过长", source: .evaluator(window: 1)))
        #expect(s.visit("A001")?.ratingReason == "等候时间过长")
    }

    @Test("nobody rates someone else's visit: another window's evaluator or a wrong code is refused")
    func onlyTheRightSource() throws {
        var s = try finishedVisit()
        let id = s.id("A001")
        for source in [RatingSource.evaluator(window: 2), .ticketCode("AAAAAAAA"), .ticketCode("")] {
            do {
                try s.run(.rate(visitID: id, level: .satisfied, reason: nil, source: source))
                Issue.record("accepted \(source)")
            } catch { #expect(error.kind == .forbidden) }
        }
        #expect(s.visit("A001")?.ratingStatus == .awaiting)
    }

    @Test("a visit not yet finished cannot be rated")
    func notYetFinished() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social", secret: "K7MQ3XPA")
        _ = try s.callNext(1)
        do {
            try s.run(.rate(visitID: s.id("A001"), level: .satisfied, reason: nil, source: .ticketCode("K7MQ3XPA")))
            Issue.record("rated before finishing")
        } catch { #expect(error.code == "not_awaiting_rating") }
    }

    @Test("when the rating time runs out the visit counts as not rated, never as satisfied")
    func timeout() throws {
        var s = try finishedVisit()  // finished 08:40, timeout 600 s
        #expect(s.at("08:49") == [])
        #expect(s.at("08:50") == [.ratingExpired(visitID: s.id("A001"))])
        #expect(s.visit("A001")?.ratingStatus == .notRated)
        #expect(s.visit("A001")?.rating == nil)
        #expect(s.state.windows[1]?.awaitingRating == nil)
    }
}
