import Foundation
import HallCore
import Testing

/// 特事特办 (the special channel for urgent matters, seed 003) is granted only after checking, by the
/// guide desk or an administrator: never self-service at the kiosk. Elderly and disabled priority stay there.
@Suite("The special channel")
struct SpecialChannelTests {
    @Test("the kiosk cannot take an urgent ticket; elderly and disabled priority it can; the guide desk grants urgent, journaled with who")
    func onlyAtTheGuideDesk() throws {
        var s = Script(at: "09:00")
        do {
            try s.issue("social", .urgent)
            Issue.record("the kiosk issued an urgent ticket")
        } catch {
            #expect(error.code == "urgent_at_guide_desk")
            #expect(error.kind == .forbidden)
        }
        #expect(s.state.visits.isEmpty)
        try s.issue("social", .elderly)
        try s.issue("social", .disabled)
        let events = try s.run(.issueTicket(serviceID: "social", priority: .urgent, secret: "G", by: "guide1"))
        guard case .ticketIssued(let t) = events.first else { Issue.record("no ticket"); return }
        #expect(t.priority == .urgent && t.by == "guide1")
        #expect(s.state.visits.count == 3)
    }
}

/// The guide desk's records (首问负责 consultations, 上门服务 requests), decided in the core.
@Suite("The guide desk's records")
struct GuideDeskRecordTests {
    @Test("a home-service request outlives the day and is done once, by whom and with what")
    func homeService() throws {
        var s = Script(at: "09:00")
        let request = HomeServiceRequest(
            id: "20261123-H1", name: "王大爷", phone: "13800000009", address: "青山村三组", matter: "高龄津贴认证", requestedAt: s.now, by: "guide1")
        try s.run(.guideDesk(.registerHomeService(request)))
        s.at("09:00", day: "2026-11-24")
        #expect(s.state.homeServiceBook.requests["20261123-H1"]?.isDone == false)
        #expect(try s.run(.guideDesk(.completeHomeService(id: "20261123-H1", result: "已认证", by: "guide1"))).count == 1)
        #expect(s.state.homeServiceBook.requests["20261123-H1"]?.doneAt == s.now)
        #expect(throws: HallError.self) { try s.run(.guideDesk(.completeHomeService(id: "20261123-H1", result: "again", by: "guide1"))) }
    }

    @Test("a consultation without an answer or a referral is refused; with one it is logged with who answered")
    func consultation() throws {
        var s = Script(at: "09:00")
        #expect(throws: HallError.self) { try s.run(.guideDesk(.logConsultation(Consultation(id: "c1", question: "?", by: "guide1")))) }
        let events = try s.run(.guideDesk(.logConsultation(Consultation(id: "c2", question: " 护照 ", referral: "县公安局", by: "guide1"))))
        #expect(events == [.guideDesk(.consultationLogged(Consultation(id: "c2", question: "护照", referral: "县公安局", by: "guide1")))])
    }
}
