import Foundation
@testable import HallApp
import HallCore
import HTTPTypes
import HummingbirdTesting
import Testing

/// Alerts (预警) on the live feed: each staff screen is told of the alerts that concern its session —
/// a clerk's window (or the windows serving the alert's service), every alert for an administrator —
/// live and when it catches up with `?since=`; a public screen learns only that something happened.
@Suite("Alerts on the live feed", .timeLimit(.minutes(3)))
struct AlertFeedTests {
    /// The alert events of `messages`, as `type:id`.
    static func alertEvents(_ messages: [String]) -> [String] {
        messages.compactMap { text in
            guard let event = feedMessage(text)["event"] as? [String: Any], let type = event["type"] as? String,
                type.hasPrefix("alert")
            else { return nil }
            return "\(type):\(event["id"] as? String ?? "-")"
        }
    }

    /// Whether `text` is the feed's message for window 4 opening: the script's last event.
    static let windowFourOpened: @Sendable (String) -> Bool = { text in
        let event = feedMessage(text)["event"] as? [String: Any]
        return event?["type"] as? String == "windowOpened" && event?["window"] as? Int == 4
    }

    /// Whether `text` is the opening figures that end a replay after `?since=`.
    static let caughtUp: @Sendable (String) -> Bool = { text in
        let message = feedMessage(text)
        return message["kind"] as? String == "views" && message["event"] == nil
    }

    @Test(
        "window 3 closes while a resident waits: its clerk, window 2's (its backup) and the administrator are told, window 4's and the guide desk are not"
    )
    func alertsGoWhereTheyConcern() async throws {
        let t = try await TestHall(alerts: true)
        try await t.application().test(.live) { client in
            let clerk3 = try await client.login("clerk3", "clerk12345", window: 3)
            let clerk2 = try await client.login("clerk2", "clerk12345", window: 2)
            let clerk4 = try await client.login("clerk4", "clerk12345", window: 4)
            let admin = try await client.login("admin", "admin12345")
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            let screens = [clerk3, clerk2, clerk4, admin].map {
                feedScreen(client, "/api/v1/live", cookie: $0, until: Self.windowFourOpened)
            }
            let board = feedScreen(client, "/api/v1/live", until: Self.windowFourOpened)
            var iterators = (screens + [board]).map { $0.messages.makeAsyncIterator() }
            var firsts: [String] = []
            for i in iterators.indices { firsts.append(try #require(await iterators[i].next())) }
            let start = try #require(feedMessage(firsts[2])["seq"] as? Int)

            try await client.ticket("disability-card")
            try await client.json(.post, "/api/v1/windows/3/close", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            #expect(await t.hall.alerts.map(\.id) == ["window:3"])
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            #expect(await t.hall.alerts.isEmpty)
            try await client.json(.post, "/api/v1/windows/4/open", cookie: clerk4)

            var seen: [[String]] = []
            for (i, screen) in (screens + [board]).enumerated() {
                var messages: [String] = []
                while let text = await iterators[i].next() { messages.append(text) }
                try await screen.task.value
                seen.append(messages)
            }
            let both = ["alertRaised:window:3", "alertCleared:window:3"]
            #expect(Self.alertEvents(seen[0]) == both)
            #expect(Self.alertEvents(seen[1]) == both)
            #expect(Self.alertEvents(seen[2]) == [])
            #expect(Self.alertEvents(seen[3]) == both)
            // A public screen: only that an alert was raised and cleared, nothing of what or where.
            #expect(Self.alertEvents(seen[4]) == ["alertRaised:-", "alertCleared:-"])
            #expect(!seen[4].joined().contains("3号窗口未开放"))
            let raised = try #require(seen[0].first { $0.contains(#""alertRaised""#) })
            let alert = try #require(feedMessage(raised)["event"] as? [String: Any])
            #expect((alert["message"] as? [String: String])?["zh"] == "3号窗口未开放，仍有1人等候其业务")
            #expect(Set(alert["windows"] as? [Int] ?? []) == [2, 3])

            // Catching up after a dropped connection: the same alerts, the same screens.
            for (cookie, expected) in [(clerk3, both), (clerk4, []), (admin, both)] {
                let replay = try await screenMessages(client, "/api/v1/live?since=\(start)", cookie: cookie, until: Self.caughtUp)
                #expect(!replay.contains { $0.contains(#""kind":"snapshot""#) })
                #expect(Self.alertEvents(replay) == expected)
            }
            // The guide desk sees no alerts on its feed.
            let guide = try await client.login("guide1", "guide12345")
            let replay = try await screenMessages(client, "/api/v1/live?since=\(start)", cookie: guide, until: Self.caughtUp)
            #expect(Self.alertEvents(replay) == [])
        }
    }

    @Test("a console that connects while an alert stands is told when it clears")
    func clearingOfAStandingAlert() async throws {
        let t = try await TestHall(alerts: true)
        try await t.application().test(.live) { client in
            let clerk3 = try await client.login("clerk3", "clerk12345", window: 3)
            let clerk4 = try await client.login("clerk4", "clerk12345", window: 4)
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            try await client.ticket("disability-card")
            try await client.json(.post, "/api/v1/windows/3/close", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            #expect(await t.hall.alerts.map(\.id) == ["window:3"])
            let screens = [clerk3, clerk4].map { feedScreen(client, "/api/v1/live", cookie: $0, until: Self.windowFourOpened) }
            var iterators = screens.map { $0.messages.makeAsyncIterator() }
            for i in iterators.indices { #expect(try #require(await iterators[i].next()).contains(#""kind":"snapshot""#)) }
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            t.clock.advance(by: 1)
            try await t.hall.tick()
            try await client.json(.post, "/api/v1/windows/4/open", cookie: clerk4)
            var seen: [[String]] = []
            for (i, screen) in screens.enumerated() {
                var messages: [String] = []
                while let text = await iterators[i].next() { messages.append(text) }
                try await screen.task.value
                seen.append(messages)
            }
            #expect(Self.alertEvents(seen[0]) == ["alertCleared:window:3"])
            #expect(Self.alertEvents(seen[1]) == [])
        }
    }
}
