import Foundation
import HallApp
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A reproducible random source, so the scripted day is the same every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the script itself saw acknowledged, to compare with the server's statistics.
struct Tally {
    var finished = 0
    var rated = 0
    var levels: [String: Int] = [:]

    mutating func add(level: String?) {
        finished += 1
        if let level {
            rated += 1
            levels[level, default: 0] += 1
        }
    }
}

@Suite("A whole day over HTTP", .timeLimit(.minutes(3)))
struct ScriptedDayTests {
    static let levels = ["verySatisfied", "satisfied", "basicallySatisfied", "unsatisfied", "veryUnsatisfied"]

    @Test(
        "hundreds of tickets, seven windows, recalls, transfers, holds, pauses and ratings end in statistics that match the script exactly")
    func wholeDay() async throws {
        let t = try await TestHall(at: chinaTime("08:30"))
        // Each window's evaluator presents the token the demo hall gives it.
        let tokens = try t.runtime.database.evaluatorTokens()
        try await t.application().test(.live) { client in
            var random = SplitMix64(state: 20_261_123)
            let services = await t.hall.state.configuration.services.map(\.id)
            var clerks: [Int: String] = [:]
            for window in 1...7 {
                clerks[window] = try await client.login("clerk\(window)", "clerk12345", window: window)
                #expect(try await client.json(.post, "/api/v1/windows/\(window)/open", cookie: clerks[window]).status == .ok)
            }
            var byWindow: [String: Tally] = [:]
            var byStaff: [String: Tally] = [:]
            var byService: [String: Tally] = [:]
            var issued: [String] = []
            var counts: [String: Int] = [:]
            var paused: Set<Int> = []

            for step in 0..<420 {
                t.clock.advance(by: 18)
                let service = services[Int(random.next() % UInt64(services.count))]
                let priority = random.next() % 10 == 0 ? "elderly" : "normal"
                issued.append(try await client.ticket(service, priority: priority).number)

                guard step % 2 == 1 else { continue }
                for window in 1...7 {
                    let cookie = clerks[window]
                    let roll = Int(random.next() % 100)
                    if paused.contains(window) {
                        if roll < 40, try await client.json(.post, "/api/v1/windows/\(window)/open", cookie: cookie).status == .ok {
                            paused.remove(window)
                        }
                        continue
                    }
                    let snapshotWindow = await t.hall.state.windows[window]
                    guard let currentID = snapshotWindow?.current else {
                        if roll < 3 {
                            let r = try await client.json(.post, "/api/v1/windows/\(window)/pause", #"{"reason":"下村核查"}"#, cookie: cookie)
                            #expect(r.status == .ok)
                            paused.insert(window)
                            counts["pause", default: 0] += 1
                        } else if let held = snapshotWindow?.held.first, roll < 20 {
                            #expect(
                                try await client.json(.post, "/api/v1/windows/\(window)/resume", #"{"visit":"\#(held)"}"#, cookie: cookie)
                                    .status == .ok)
                            counts["resume", default: 0] += 1
                        } else {
                            let r = try await client.json(.post, "/api/v1/windows/\(window)/call-next", cookie: cookie)
                            #expect(r.status == .ok || r.body["error"] as? String == "no_one_waiting", "\(r.body)")
                            if r.status == .ok { counts["call", default: 0] += 1 }
                        }
                        continue
                    }
                    let visit = try #require(await t.hall.state.visits[currentID])
                    if visit.status == .called {
                        if roll < 10 {
                            #expect(try await client.json(.post, "/api/v1/windows/\(window)/recall", cookie: cookie).status == .ok)
                            counts["recall", default: 0] += 1
                        } else if roll < 15 {
                            #expect(try await client.json(.post, "/api/v1/windows/\(window)/skip", cookie: cookie).status == .ok)
                            counts["skip", default: 0] += 1
                        } else {
                            #expect(try await client.json(.post, "/api/v1/windows/\(window)/start", cookie: cookie).status == .ok)
                        }
                        continue
                    }
                    if roll < 8 {
                        let target = services[Int(random.next() % UInt64(services.count))]
                        let body =
                            target == visit.serviceID ? #"{"window":\#(window % 7 + 1),"position":"front"}"# : #"{"service":"\#(target)"}"#
                        #expect(try await client.json(.post, "/api/v1/windows/\(window)/transfer", body, cookie: cookie).status == .ok)
                        counts["transfer", default: 0] += 1
                    } else if roll < 12 {
                        #expect(try await client.json(.post, "/api/v1/windows/\(window)/hold", cookie: cookie).status == .ok)
                        counts["hold", default: 0] += 1
                    } else {
                        let r = try await client.json(.post, "/api/v1/windows/\(window)/finish", cookie: cookie)
                        #expect(r.status == .ok)
                        let finished = try #require(
                            (r.body["events"] as? [[String: Any]])?.first { $0["type"] as? String == "visitFinished" })
                        let staff = finished["staffID"] as? String ?? ""
                        var level: String?
                        if random.next() % 10 < 8 {
                            let chosen = Self.levels[Int(random.next() % 5)]
                            let reason = chosen.contains("nsatisfied") ? #","reason":"等候时间长""# : ""
                            let rating = try await client.json(
                                .post, "/api/v1/visits/\(visit.id)/rating", #"{"level":"\#(chosen)"\#(reason)}"#,
                                headers: [HTTPField.Name("X-Device-Token")!: tokens[window] ?? ""])
                            #expect(rating.status == .created, "\(rating.body)")
                            if rating.status == .created { level = chosen }
                        }
                        byWindow[String(window), default: Tally()].add(level: level)
                        byStaff[staff, default: Tally()].add(level: level)
                        byService[visit.serviceID, default: Tally()].add(level: level)
                    }
                }
            }

            // The script exercised everything it claims to.
            #expect(issued.count == 420)
            #expect(Set(issued).count == 420, "no number handed out twice")
            for action in ["call", "recall", "skip", "transfer", "hold", "resume", "pause"] {
                #expect(counts[action, default: 0] > 0, "the day had no \(action)")
            }
            let admin = try await client.login("admin", "admin12345")
            for (by, expected) in [("window", byWindow), ("staff", byStaff), ("service", byService)] {
                let stats = try await client.json(.get, "/api/v1/stats/satisfaction?by=\(by)&from=2026-11-23&to=2026-11-23", cookie: admin)
                let rows = try #require(stats.body["rows"] as? [[String: Any]])
                #expect(rows.count == expected.count, "\(by): \(rows.map { $0["key"] ?? "" })")
                for row in rows {
                    let key = row["key"] as? String ?? ""
                    let tally = expected[key] ?? Tally()
                    #expect(row["finished"] as? Int == tally.finished, "\(by) \(key) finished")
                    #expect(row["rated"] as? Int == tally.rated, "\(by) \(key) rated")
                    let levels = row["levels"] as? [String: Int] ?? [:]
                    for level in Self.levels {
                        #expect(levels[level, default: 0] == tally.levels[level, default: 0], "\(by) \(key) \(level)")
                    }
                }
            }
            let total = byWindow.values.reduce(0) { $0 + $1.finished }
            #expect(total > 150, "a busy day: \(total) visits finished")
        }
    }
}
