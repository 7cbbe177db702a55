import Foundation
import HallCore
import Testing

@testable import HallApp

/// The kiosk's ticket answer is written by hand (``JSONText``): it must be exactly the bytes the
/// hall's `JSONEncoder` writes for it, whatever the service's texts hold.
@Suite("The ticket answer's JSON")
struct TicketJSONTests {
    static let hallName = LocalizedText(zh: "青山镇便民服务中心", en: "Qingshan Town Service Center")

    static func service(name: LocalizedText, materials: [LocalizedText]) -> TicketService {
        TicketService(
            Service(id: "pension", prefix: "A", name: name, materials: materials, timeLimitDays: 5, expectedMinutes: 8))
    }

    static let answers: [TicketResponse] = {
        let plain = service(
            name: LocalizedText(zh: "城乡居民养老保险参保登记及待遇领取", en: "Residents' pension – enrolment"),
            materials: [LocalizedText(zh: "居民身份证原件及复印件", en: "Resident ID card, original and copy")])
        // Every character JSON escapes, a slash (left as it is), an emoji and an empty list.
        let awkward = service(
            name: LocalizedText(zh: "“引号”\"和\\反斜杠\t制表\n换行", en: "a/b \u{01}\u{08}\u{0C}\r\u{1F} 🧓"), materials: [])
        let issuedAt = Date(timeIntervalSince1970: 1_795_912_202.617)
        let printed = PrintReport(printer: "kiosk-printer", printed: true, status: .ok, message: nil)
        let pending = PrintReport.pending(printer: nil)
        let none = PrintReport(printer: nil, printed: false, status: .noPrinter, message: nil)
        return [
            TicketResponse(
                visitID: "20261130-A001", number: "A001", service: plain, priority: .normal, ahead: 0, estimatedWaitSeconds: nil,
                issuedAt: issuedAt, ratingCode: "YD93X5VD", hallName: hallName, print: printed, appointmentAt: nil),
            TicketResponse(
                visitID: "20261130-A012", number: "A012", service: awkward, priority: .elderly, ahead: 11, estimatedWaitSeconds: 660,
                issuedAt: issuedAt, ratingCode: "Q2\"\\/", hallName: hallName, print: pending,
                appointmentAt: issuedAt.addingTimeInterval(1800)),
            TicketResponse(
                visitID: "20261130-A013", number: "A013", service: plain, priority: .urgent, ahead: 3, estimatedWaitSeconds: 0,
                issuedAt: issuedAt.addingTimeInterval(0.001), ratingCode: "", hallName: hallName, print: none, appointmentAt: nil),
            TicketResponse(
                visitID: "20261130-A014", number: "A014", service: plain, priority: .disabled, ahead: -1, estimatedWaitSeconds: nil,
                issuedAt: issuedAt, ratingCode: "X", hallName: hallName, print: nil, appointmentAt: nil),
        ]
    }()

    @Test("the hand-written bytes are the encoder's bytes", arguments: answers.indices)
    func sameBytes(_ index: Int) throws {
        let answer = Self.answers[index]
        let expected = try JSON.encoder.encode(answer)
        #expect(String(decoding: answer.json, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test("what the kiosk reads back: the number, the service's Chinese name, the print outcome")
    func readBack() throws {
        let answer = Self.answers[1]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.json)) as? [String: Any])
        #expect(object["number"] as? String == "A012")
        #expect((object["service"] as? [String: Any]).flatMap { $0["name"] as? [String: Any] }?["zh"] as? String == answer.service.name.zh)
        #expect((object["print"] as? [String: Any])?["status"] as? String == "pending")
        #expect(object["appointmentAt"] as? String == "2026-11-29T01:00:02.617Z")
    }
}
