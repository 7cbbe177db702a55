import Foundation
import HallCore
import Testing

@Suite("Device statuses and ratings from evaluator keys")
struct DeviceStatusTests {
    @Test("a device report becomes one event; the same status again changes nothing; it survives the day")
    func reports() throws {
        var s = Script(at: "08:31")
        let out = try s.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut))
        #expect(out == [.deviceStatusChanged(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut)])
        #expect(s.state.devices["kiosk-printer"] == DeviceState(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut))
        #expect(try s.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .paperOut)).isEmpty)
        #expect(try s.run(.reportDevice(deviceID: "kiosk-printer", kind: "printer", window: nil, status: .ok)).count == 1)
        try s.run(.reportDevice(deviceID: "w1-evaluator", kind: "evaluator", window: 1, status: .unplugged))
        s.at("08:31", day: "2026-11-24")
        #expect(s.state.devices["w1-evaluator"]?.status == .unplugged)
        #expect(s.state.devices["kiosk-printer"]?.status == .ok)
    }

    @Test("a report for a window the hall does not have is refused")
    func unknownWindow() {
        var s = Script(at: "08:31")
        #expect(throws: HallError.self) { try s.run(.reportDevice(deviceID: "x", kind: "printer", window: 9, status: .ok)) }
        #expect(s.state.devices.isEmpty)
    }

    @Test("the event is flat on the wire and decodes to itself")
    func codable() throws {
        let event = HallEvent.deviceStatusChanged(deviceID: "w2-printer", kind: "printer", window: 2, status: .coverOpen)
        let data = try JSONEncoder().encode(event)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "deviceStatusChanged")
        #expect(object["deviceID"] as? String == "w2-printer")
        #expect(object["window"] as? Int == 2)
        #expect(try JSONDecoder().decode(HallEvent.self, from: data) == event)
        let kiosk = HallEvent.deviceStatusChanged(deviceID: "k", kind: "printer", window: nil, status: .ok)
        #expect(try JSONDecoder().decode(HallEvent.self, from: JSONEncoder().encode(kiosk)) == kiosk)
    }

    @Test("a status is the driver's word on the wire, a word this version does not know replays as unknown, every status has both labels")
    func statusWords() throws {
        let event = HallEvent.deviceStatusChanged(deviceID: "w2-printer", kind: "printer", window: 2, status: .paperOut)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any])
        #expect(object["status"] as? String == "paperOut")
        #expect(
            String(decoding: try JSONEncoder().encode([DeviceState.Status.noPrinter, .printFailed, .pending]), as: UTF8.self)
                == #"["none","error","pending"]"#)
        let later = #"{"type":"deviceStatusChanged","deviceID":"k","kind":"printer","status":"onFire"}"#
        #expect(
            try JSONDecoder().decode(HallEvent.self, from: Data(later.utf8))
                == .deviceStatusChanged(deviceID: "k", kind: "printer", window: nil, status: .unknown))
        for status in DeviceState.Status.allCases {
            #expect(!status.label.zh.isEmpty && !status.label.en.isEmpty, "\(status)")
        }
        #expect(DeviceState.Status.paperOut.label == LocalizedText(zh: "缺纸", en: "out of paper"))
    }

    /// A001 finished at window 1 by 张伟.
    func finished() throws -> Script {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        _ = try s.callNext(1)
        try s.run(.finish(window: 1))
        return s
    }

    @Test("a bad rating from evaluator keys is recorded with its reason pending; with a screen it still needs a reason")
    func reasonPending() throws {
        var s = try finished()
        let id = s.id("A001")
        #expect(throws: HallError.self) { try s.run(.rate(visitID: id, level: .unsatisfied, reason: nil, source: .evaluator(window: 1))) }
        let events = try s.run(.rate(visitID: id, level: .unsatisfied, reason: nil, source: .evaluatorKeys(window: 1)))
        #expect(
            events == [
                .ratingRecorded(
                    .init(
                        visitID: id, level: .unsatisfied, reason: nil, source: "evaluator", window: 1, staffID: "zhang",
                        serviceID: "social",
                        reasonPending: true)),
                // Issue 12: every bad rating opens its follow-up (差评整改), due 3 working days later.
                .followUp(
                    .opened(
                        .init(
                            id: id, level: .unsatisfied, reason: nil, window: 1, ratedStaffID: "zhang", serviceID: "social",
                            due: LocalDate("2026-11-26")!))),
            ])
        #expect(s.visit("A001")?.ratingStatus == .rated)
        #expect(s.state.windows[1]?.awaitingRating == nil)
    }

    @Test("evaluator keys rate only their own window's visit; a good rating has no pending reason")
    func keysOwnWindow() throws {
        var s = try finished()
        let id = s.id("A001")
        #expect(throws: HallError.self) { try s.run(.rate(visitID: id, level: .satisfied, reason: nil, source: .evaluatorKeys(window: 2))) }
        guard
            case .ratingRecorded(let r) = try s.run(.rate(visitID: id, level: .satisfied, reason: nil, source: .evaluatorKeys(window: 1)))
                .first
        else { Issue.record("no rating"); return }
        #expect(!r.reasonPending)
    }

    @Test("a rating journaled before reasonPending existed still decodes")
    func oldRating() throws {
        let old =
            #"{"type":"ratingRecorded","visitID":"20261123-A001","level":2,"reason":"慢","source":"evaluator","window":1,"serviceID":"social"}"#
        guard case .ratingRecorded(let r) = try JSONDecoder().decode(HallEvent.self, from: Data(old.utf8)) else {
            Issue.record("not a rating"); return
        }
        #expect(!r.reasonPending)
        #expect(r.reason == "慢")
    }
}
