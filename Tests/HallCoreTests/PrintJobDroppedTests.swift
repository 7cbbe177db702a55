import Foundation
import HallCore
import Testing

@Suite("A print job given up is journaled with its visit and reason")
struct PrintJobDroppedTests {
    @Test("the report becomes one event, the state is unchanged, a report without a reason is refused")
    func report() throws {
        var s = Script(at: "09:12")
        let before = s.state.devices
        let out = try s.run(
            .reportDroppedPrint(deviceID: "kiosk-printer", jobID: "ticket-20261123-A001", visitID: "20261123-A001", reason: "expired"))
        #expect(
            out == [.printJobDropped(deviceID: "kiosk-printer", jobID: "ticket-20261123-A001", visitID: "20261123-A001", reason: "expired")]
        )
        #expect(s.state.devices == before)
        #expect(throws: HallError.self) { try s.run(.reportDroppedPrint(deviceID: "kiosk-printer", jobID: "x", visitID: nil, reason: "")) }
    }

    @Test("the event is flat on the wire and decodes to itself")
    func codable() throws {
        let event = HallEvent.printJobDropped(
            deviceID: "w1-printer", jobID: "receipt-20261123-A001", visitID: "20261123-A001", reason: "overflow")
        let data = try JSONEncoder().encode(event)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "printJobDropped")
        #expect(object["deviceID"] as? String == "w1-printer")
        #expect(object["jobID"] as? String == "receipt-20261123-A001")
        #expect(object["visitID"] as? String == "20261123-A001")
        #expect(object["reason"] as? String == "overflow")
        #expect(try JSONDecoder().decode(HallEvent.self, from: data) == event)
        let bare = HallEvent.printJobDropped(deviceID: "k", jobID: "test", visitID: nil, reason: "restart")
        #expect(try JSONDecoder().decode(HallEvent.self, from: JSONEncoder().encode(bare)) == bare)
    }
}
