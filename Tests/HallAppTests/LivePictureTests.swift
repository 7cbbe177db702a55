import Foundation
import HallApp
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A screen that knows nothing of events: it starts from a snapshot and puts the parts each views
/// message carries in place, by key, as `Layouts/screens/live.js` does.
struct PictureScreen {
    var hall: [String: Any]
    var seq: Int

    init(snapshot: [String: Any]) {
        hall = snapshot
        seq = snapshot["seq"] as? Int ?? -1
    }

    /// Applies one feed message; answers whether it carried an event.
    @discardableResult
    mutating func receive(_ text: String) -> Bool {
        let message = feedMessage(text)
        #expect(message["kind"] as? String == "views", "\(text.prefix(200))")
        let event = message["event"] != nil
        if event {
            let seq = message["seq"] as? Int ?? -1
            guard seq > self.seq else { return true }
            self.seq = seq
            hall["seq"] = seq
        }
        if let header = message["hall"] as? [String: Any] {
            for key in ["day", "open", "nextOpening"] { hall[key] = header[key] }
        }
        replace("windows", by: "number", with: message["windows"])
        replace("services", by: "id", with: message["services"])
        replace("staff", by: "id", with: message["staff"])
        if let waiting = message["waiting"] as? [String: Any] {
            let removed = waiting["removed"] as? [String] ?? []
            let added = waiting["added"] as? [[String: Any]] ?? []
            let gone = Set(removed + added.compactMap { ($0["visit"] as? [String: Any])?["id"] as? String })
            var line = (hall["waiting"] as? [[String: Any]] ?? []).filter { !gone.contains($0["id"] as? String ?? "") }
            for insert in added {
                line.insert(insert["visit"] as? [String: Any] ?? [:], at: insert["index"] as? Int ?? line.endIndex)
            }
            hall["waiting"] = line
        }
        if let calls = message["recentCalls"] { hall["recentCalls"] = calls }
        if let devices = message["devices"] { hall["devices"] = devices }
        if let ready = message["readyCases"] { hall["readyCases"] = ready }  // cases (办件), as live.js
        return event
    }

    private mutating func replace(_ part: String, by key: String, with views: Any?) {
        guard let views = views as? [[String: Any]] else { return }
        var list = hall[part] as? [[String: Any]] ?? []
        for view in views {
            if let i = list.firstIndex(where: { ($0[key] as? AnyHashable) == (view[key] as? AnyHashable) }) {
                list[i] = view
            } else {
                list.append(view)
            }
        }
        hall[part] = list
    }
}

/// A picture as canonical JSON text, without the instant it was drawn at.
func canonicalPicture(_ hall: [String: Any]) -> String {
    var hall = hall
    hall["at"] = nil
    return (try? JSONSerialization.data(withJSONObject: hall, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
}

@Suite("Screens draw the server's picture", .timeLimit(.minutes(3)))
struct LivePictureTests {
    /// A public screen and a staff screen following the in-process feed from their snapshots.
    final class Screens {
        var screens: [FeedAudience: PictureScreen] = [:]
        var feeds: [FeedAudience: AsyncStream<FeedMessage>.AsyncIterator] = [:]
        /// An administrator's session, for the staff snapshot.
        var cookie: String

        init(_ t: TestHall, _ client: some TestClientProtocol, cookie: String) async throws {
            self.cookie = cookie
            for audience in FeedAudience.allCases {
                feeds[audience] = await t.hall.bus.subscribe(audience).makeAsyncIterator()
                screens[audience] = PictureScreen(snapshot: try await Screens.snapshot(client, audience, cookie: cookie))
            }
        }

        static func snapshot(_ client: some TestClientProtocol, _ audience: FeedAudience, cookie: String) async throws -> [String: Any] {
            let r = try await client.json(.get, "/api/v1/hall?audience=\(audience.rawValue)", cookie: audience == .staff ? cookie : nil)
            #expect(r.status == .ok)
            return r.body
        }

        /// What a step sent on the feed.
        enum Expect {
            /// Entries up to this seq.
            case entries(upTo: Int64)
            /// One message from the clock, without an event.
            case clock
            /// Nothing (a refused command).
            case nothing
        }

        /// Reads each feed as far as `expect` says, then checks that each screen's picture is exactly
        /// the server's snapshot for its audience.
        func follow(_ expect: Expect, _ client: some TestClientProtocol, _ step: String) async throws {
            for audience in FeedAudience.allCases {
                switch expect {
                case .entries(let seq):
                    while let message = await feeds[audience]!.next() {
                        if screens[audience]!.receive(message.json), message.seq >= seq { break }
                    }
                case .clock:
                    let message = await feeds[audience]!.next()
                    #expect(message?.entry == nil, "\(step): the clock's message carries an event")
                    if let message { screens[audience]!.receive(message.json) }
                case .nothing:
                    break
                }
                let snapshot = try await Screens.snapshot(client, audience, cookie: cookie)
                #expect(screens[audience]!.seq == snapshot["seq"] as? Int, "\(step) (\(audience))")
                let screen = canonicalPicture(screens[audience]!.hall)
                let server = canonicalPicture(snapshot)
                func part(_ picture: [String: Any], _ key: String) -> String { canonicalPicture(["v": picture[key] ?? NSNull()]) }
                let differing = Set(screens[audience]!.hall.keys).union(snapshot.keys).filter {
                    $0 != "at" && part(screens[audience]!.hall, $0) != part(snapshot, $0)
                }.sorted()
                let details = differing.map {
                    "\($0): screen \(part(screens[audience]!.hall, $0).prefix(600)) server \(part(snapshot, $0).prefix(600))"
                }
                #expect(screen == server, "\(step) (\(audience)): the screen's picture differs from the snapshot in \(details)")
                if screen != server { throw PictureDiverged() }
            }
        }
    }

    struct PictureDiverged: Error {}

    @Test("a screen that only applies each event's views ends a scripted day with exactly the snapshot's picture, public and staff")
    func scriptedDay() async throws {
        // Monday 08:20: the hall opens at 08:30.
        let t = try await TestHall(at: chinaTime("08:20"))
        // Without the ticker: it ticks every second on its own, and a tick of its own between moving
        // the clock and the step's tick would put the clock's messages where the step does not look.
        try await t.routesOnly().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            try await t.hall.tick()
            let screens = try await Screens(t, client, cookie: admin)
            #expect(screens.screens[.public]?.hall["open"] as? Bool == false)
            let hall = t.hall

            /// Moves the clock and lets the hall's ticker run once.
            func tick(at time: Date, _ name: String) async throws {
                t.clock.set(time)
                // Sessions last hours: a new day needs a new one.
                screens.cookie = try await client.login("admin", "admin12345")
                let before = await hall.seq
                try await hall.tick()
                let after = await hall.seq
                try await screens.follow(after == before ? .clock : .entries(upTo: after), client, name)
            }

            // The clock opens the hall: a views message without an event.
            try await tick(at: chinaTime("08:30"), "opening")
            #expect(screens.screens[.public]?.hall["open"] as? Bool == true)

            let config = await hall.configuration
            let services = config.services.map(\.id)
            let windows = config.windows.map(\.number)
            var random = SplitMix64(state: 20_261_127)
            func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
            var counts: [String: Int] = [:]

            /// Runs `command`; a refusal changes nothing (it may still carry the clock's events).
            func run(_ name: String, _ command: HallCommand) async throws {
                let before = await hall.seq
                do {
                    try await hall.execute(command)
                    counts[name, default: 0] += 1
                } catch is HallError {}
                let after = await hall.seq
                try await screens.follow(after == before ? .nothing : .entries(upTo: after), client, name)
            }

            for window in windows.prefix(5) { try await run("open", .open(window: window, staffID: nil)) }
            for step in 0..<120 {
                t.clock.advance(by: 25)
                let priority: Priority = random.next() % 8 == 0 ? .elderly : .normal
                try await run("ticket", .issueTicket(serviceID: pick(services), priority: priority, secret: "S\(step)"))
                let window = pick(windows)
                let state = await hall.windowState(window)
                let roll = Int(random.next() % 100)
                switch (state?.status, state?.current) {
                case (.closed?, _) where roll < 30, (.paused?, _) where roll < 40:
                    try await run("open", .open(window: window, staffID: nil))
                case (.open?, nil) where roll < 4:
                    try await run("pause", .pause(window: window, reason: "下村核查"))
                case (.open?, nil) where roll < 6:
                    try await run("close", .close(window: window))
                case (.open?, nil) where roll < 12 && state?.held.isEmpty == false:
                    try await run("resume", .resume(window: window, visitID: nil))
                case (.open?, nil):
                    try await run("call", .callNext(window: window))
                case (.open?, _?) where roll < 12:
                    try await run("recall", .recall(window: window))
                case (.open?, _?) where roll < 20:
                    try await run("skip", .skip(window: window))
                case (.open?, _?) where roll < 28:
                    try await run(
                        "transfer",
                        .transfer(window: window, toService: pick(services), toWindow: nil, position: roll % 2 == 0 ? .front : .back))
                case (.open?, _?) where roll < 33:
                    try await run("transfer to window", .transfer(window: window, toService: nil, toWindow: pick(windows), position: .back))
                case (.open?, _?) where roll < 38:
                    try await run("hold", .hold(window: window))
                case (.open?, _?) where roll < 55:
                    try await run("start", .start(window: window))
                case (.open?, let current?):
                    try await run("finish", .finish(window: window))
                    if roll < 85 {
                        let level = pick(RatingLevel.allCases)
                        try await run(
                            "rate",
                            .rate(visitID: current, level: level, reason: level.isBad ? "等候时间过长" : nil, source: .evaluator(window: window)))
                    }
                default:
                    break
                }
                switch random.next() % 40 {
                case 0:
                    try await run(
                        "presence", .setPresence(staffID: pick(config.staff.map(\.id)), presence: Presence(status: .meeting, note: "县里开会")))
                case 1:
                    try await run("presence", .setPresence(staffID: pick(config.staff.map(\.id)), presence: Presence(status: .onDuty)))
                case 2:
                    try await run(
                        "printer", .reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: pick([.ok, .paperOut])))
                case 3:
                    let waiting = await hall.state.openVisits.filter { $0.status == .waiting }
                    if !waiting.isEmpty { try await run("cancel", .cancel(visitID: pick(waiting).id)) }
                default:
                    break
                }
            }
            // Noon: the hall closes for lunch, by the clock alone.
            try await tick(at: chinaTime("12:00"), "noon")
            #expect(screens.screens[.public]?.hall["open"] as? Bool == false)
            // The next morning: open visits of the old day are cancelled, ratings expire, a new day starts.
            try await tick(at: chinaTime("08:10", day: "2026-11-24"), "day rollover")
            #expect((screens.screens[.staff]?.hall["waiting"] as? [Any])?.isEmpty == true)
            #expect(screens.screens[.staff]?.hall["day"] as? String == "2026-11-24")

            for name in ["ticket", "call", "recall", "transfer", "hold", "resume", "pause", "presence", "rate", "finish", "skip"] {
                #expect(counts[name, default: 0] > 0, "the script never did \(name)")
            }
        }
    }
}
