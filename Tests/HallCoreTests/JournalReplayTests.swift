import Foundation
import HallCore
import Testing

@Suite("Events are the journal")
struct JournalReplayTests {
    /// A busy morning: every kind of command.
    func morning() throws -> (Script, [(Date, HallEvent)]) {
        var s = Script(at: "08:30")
        var log: [(Date, HallEvent)] = []
        func record(_ events: [HallEvent]) { log += events.map { (s.now, $0) } }
        record(s.state.advance(to: s.now))
        for w in 1...3 { record(try s.run(.open(window: w, staffID: nil))) }
        for (i, service) in ["social", "civil", "land", "social", "civil", "social"].enumerated() {
            s.at("08:\(31 + i)")
            record(try s.run(.issueTicket(serviceID: service, priority: i == 3 ? .elderly : .normal, secret: "S\(i)")))
        }
        s.at("08:40")
        record(try s.run(.callNext(window: 1)))
        record(try s.run(.recall(window: 1)))
        record(try s.run(.start(window: 1)))
        record(try s.run(.callNext(window: 2)))
        record(try s.run(.transfer(window: 2, toService: "land", toWindow: nil, position: .front)))
        record(try s.run(.callNext(window: 3)))
        record(try s.run(.hold(window: 3)))
        s.at("08:50")
        record(try s.run(.finish(window: 1)))
        record(try s.run(.rate(visitID: s.id("A002"), level: .basicallySatisfied, reason: nil, source: .evaluator(window: 1))))
        record(try s.run(.pause(window: 2, reason: "系统维护")))
        record(try s.run(.setPresence(staffID: "li", presence: Presence(status: .meeting, note: "镇党委会"))))
        return (s, log)
    }

    @Test("replaying the events onto the configuration rebuilds exactly the same state")
    func replay() throws {
        let (s, log) = try morning()
        var replayed = HallState(configuration: Fixture.configuration())
        for (at, event) in log { replayed.apply(event, at: at) }
        #expect(replayed.visits == s.state.visits)
        #expect(replayed.windows == s.state.windows)
        #expect(replayed.presence == s.state.presence)
        #expect(replayed.issuedToday == s.state.issuedToday)
        #expect(replayed.recentCalls == s.state.recentCalls)
        #expect(replayed.nextVisit(for: 1, at: s.now) == s.state.nextVisit(for: 1, at: s.now))
    }

    @Test("every event survives JSON; the ticket's rating code only where secrets are asked for")
    func codable() throws {
        let (_, log) = try morning()
        let journal = JSONEncoder()
        journal.userInfo[.includeSecrets] = true
        let decoder = JSONDecoder()
        for (_, event) in log {
            let decoded = try decoder.decode(HallEvent.self, from: journal.encode(event))
            #expect(decoded == event)
            let text = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            #expect(text.contains("\"type\":\"\(event.type)\""))
            if case .ticketIssued(let t) = event {
                #expect(!text.contains(t.secret))
                #expect(!text.contains("secret"))
            }
        }
    }
}
