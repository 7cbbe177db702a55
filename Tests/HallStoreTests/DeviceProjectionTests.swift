import Foundation
import HallCore
import HallStore
import Testing

@Suite("Device statuses and pending reasons in the projections")
struct DeviceProjectionTests {
    @Test("device statuses are kept per device, the latest wins, and they outlive the day's journal")
    func deviceStatus() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        let d1 = "2026-11-23"
        try j.run(
            .reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut), at: StoreFixture.at(d1, "08:30"))
        try j.run(.reportDevice(deviceID: "w1-keys", kind: "evaluator", window: 1, status: .ok), at: StoreFixture.at(d1, "08:31"))
        try j.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .ok), at: StoreFixture.at(d1, "08:32"))
        try j.run(nil, at: StoreFixture.at("2026-11-24", "08:30"))
        try await t.database.append(j.entries)
        #expect(
            try t.database.deviceStates() == [
                DeviceState(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .ok),
                DeviceState(deviceID: "w1-keys", kind: "evaluator", window: 1, status: .ok),
            ])
        // The new day's journal no longer holds the reports: a state rebuilt from the projection does.
        let today = try t.database.currentDayEntries()
        #expect(!today.contains { if case .deviceStatusChanged = $0.event { true } else { false } })
        let rebuilt = HallState(configuration: StoreFixture.configuration, devices: try t.database.deviceStates())
        #expect(rebuilt.devices["w1-keys"]?.window == 1)
    }

    @Test("a bad rating from evaluator keys is flagged reason_pending for the administrator")
    func reasonPending() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        let d1 = "2026-11-23"
        try j.run(.open(window: 1, staffID: nil), at: StoreFixture.at(d1, "08:30"))
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "S1"), at: StoreFixture.at(d1, "08:31"))
        try j.run(.callNext(window: 1), at: StoreFixture.at(d1, "08:33"))
        try j.run(.finish(window: 1), at: StoreFixture.at(d1, "08:43"))
        try j.run(
            .rate(visitID: "20261123-A001", level: .veryUnsatisfied, reason: nil, source: .evaluatorKeys(window: 1)),
            at: StoreFixture.at(d1, "08:44"))
        try await t.database.append(j.entries)
        let bad = try t.database.badRatings(from: LocalDate(d1)!, to: LocalDate(d1)!)
        #expect(bad.count == 1)
        #expect(bad.first?.followUp == "reason_pending")
        #expect(bad.first?.reason == nil)
        // Issue 12: the rating is followed by its follow-up's opening; the rating itself carries the flag.
        let rating = try t.database.currentDayEntries().last { if case .ratingRecorded = $0.event { true } else { false } }
        #expect(rating.map { if case .ratingRecorded(let r) = $0.event { r.reasonPending } else { false } } == true)
        #expect(try t.database.currentDayEntries().last?.event.type == "followUpOpened")
    }
}
