import Foundation
import HallCore
import Testing

@Suite("A visit's life at the window")
struct VisitLifeTests {
    @Test("recalls are counted and the recall limit turns the visit into a no-show")
    func recallLimit() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        _ = try s.callNext(1)
        let id = s.id("A001")
        for calls in 2...4 {
            #expect(try s.run(.recall(window: 1)) == [.visitCalled(visitID: id, number: "A001", window: 1, recall: true, calls: calls)])
        }
        #expect(try s.run(.recall(window: 1)) == [.visitNoShow(visitID: id, window: 1, reason: .recallLimit)])
        #expect(s.visit("A001")?.status == .noShow)
        #expect(s.visit("A001")?.recalls == 3)
        #expect(s.state.windows[1]?.current == nil)
        #expect(try s.callNext(1) == "A002")
    }

    @Test("skip marks the called resident absent; a visit in service cannot be skipped")
    func skip() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        _ = try s.callNext(1)
        #expect(try s.run(.skip(window: 1)) == [.visitNoShow(visitID: s.id("A001"), window: 1, reason: .skipped)])
        _ = try s.callNext(1)
        try s.run(.start(window: 1))
        #expect(throws: HallError.self) { try s.run(.skip(window: 1)) }
        #expect(s.visit("A002")?.status == .serving)
    }

    @Test("hold frees the window for the next resident; resume takes the held visit back")
    func holdAndResume() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        try s.issue("social")
        _ = try s.callNext(1)
        try s.run(.hold(window: 1))
        #expect(s.visit("A001")?.status == .held)
        #expect(try s.callNext(1) == "A002")
        #expect(throws: HallError.self) { try s.run(.resume(window: 1, visitID: nil)) }  // busy
        try s.run(.finish(window: 1))
        #expect(try s.run(.resume(window: 1, visitID: nil)) == [.visitResumed(visitID: s.id("A001"), window: 1)])
        #expect(s.visit("A001")?.status == .serving)
        #expect(s.state.windows[1]?.held == [])
    }

    @Test("a paused window shows its reason, cannot call, and reopens")
    func pause() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("land")
        do {
            try s.run(.pause(window: 3, reason: "  "))
            Issue.record("pause without a reason")
        } catch { #expect(error.code == "reason_required") }
        try s.run(.pause(window: 3, reason: "外出勘查宅基地"))
        #expect(s.state.windows[3]?.status == .paused(reason: "外出勘查宅基地"))
        do {
            _ = try s.callNext(3)
            Issue.record("a paused window called")
        } catch {
            #expect(error.code == "window_paused")
            #expect(error.message.zh.contains("外出勘查宅基地"))
        }
        #expect(s.state.estimatedWait(service: "land") == nil)
        try s.run(.open(window: 3, staffID: nil))
        #expect(try s.callNext(3) == "C001")
    }

    @Test("unknown windows, services and visits are reported as not found")
    func unknowns() {
        var s = Script(at: "08:31")
        #expect(throws: HallError.unknownWindowForTest(9)) { try s.run(.callNext(window: 9)) }
        do {
            try s.issue("passport")
            Issue.record("unknown service issued")
        } catch { #expect(error.kind == .notFound) }
        do {
            try s.run(.cancel(visitID: "nope"))
            Issue.record("unknown visit cancelled")
        } catch { #expect(error.kind == .notFound) }
    }

    @Test("a refused command changes nothing")
    func refusalChangesNothing() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        let before = s.state.visits
        #expect(throws: HallError.self) { try s.run(.finish(window: 1)) }
        #expect(throws: HallError.self) { try s.run(.transfer(window: 1, toService: "civil", toWindow: nil, position: .back)) }
        #expect(s.state.visits == before)
    }
}

extension HallError {
    static func unknownWindowForTest(_ n: Int) -> HallError {
        HallError(.notFound, "unknown_window", zh: "没有\(n)号窗口", en: "There is no window \(n)")
    }
}
