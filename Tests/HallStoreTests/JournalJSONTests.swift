import Foundation
import HallCore
import Testing

@testable import HallStore

/// A ticket's journal entry is written by hand (``HallEvent/journalTicketJSON``): it must be the
/// object the journal's `JSONEncoder` writes for it (the encoder's key order changes from run to
/// run, the hand's does not), and read back as the same event.
@Suite("The ticket's journal JSON")
struct JournalJSONTests {
    static let tickets: [HallEvent.TicketIssued] = [
        .init(
            visitID: "20261130-A001", number: "A001", serviceID: "pension", priority: .normal, ahead: 0, estimatedWaitSeconds: nil,
            appointmentAt: nil, secret: "YD93X5VD"),
        .init(
            visitID: "20261130-老012", number: "老012", serviceID: "old-age/养老", priority: .elderly, ahead: 11, estimatedWaitSeconds: 660,
            appointmentAt: nil, secret: "Q2\"\\/\u{01}\t\n🧓", by: "guide/desk"),
        .init(
            visitID: "20261130-A013", number: "A013", serviceID: "pension", priority: .urgent, ahead: -1, estimatedWaitSeconds: 0,
            appointmentAt: nil, secret: "", by: "admin"),
    ]

    @Test("the hand-written JSON is the encoder's object, and decodes to the same ticket", arguments: tickets.indices)
    func sameObject(_ index: Int) throws {
        let event = HallEvent.ticketIssued(Self.tickets[index])
        let written = try #require(event.journalTicketJSON)
        let expected = try HallDatabase.journalEncoder.encode(event)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary)
        #expect(object == (try JSONSerialization.jsonObject(with: expected) as? NSDictionary))
        // Escaped as the encoder escapes: the same text for every string.
        #expect(written.count == expected.count)
        #expect(try HallDatabase.journalDecoder.decode(HallEvent.self, from: Data(written)) == event)
    }

    @Test("a ticket for an appointment, and every other event, are left to the encoder")
    func othersByTheEncoder() {
        var booked = Self.tickets[0]
        booked.appointmentAt = Date(timeIntervalSince1970: 1_795_912_202.617)
        #expect(HallEvent.ticketIssued(booked).journalTicketJSON == nil)
        #expect(HallEvent.dayStarted(date: LocalDate(year: 2026, month: 11, day: 30)).journalTicketJSON == nil)
    }
}
