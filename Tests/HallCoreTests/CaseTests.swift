import Foundation
import HallCore
import Testing

@Suite("Outcomes and cases (办件)")
struct CaseTests {
    static let code = "c0de-c0de-c0de-c0de-0001"

    /// Window 3 (land) open, one land ticket called and in service, on `day` at 09:00.
    func serving(day: String) throws -> Script {
        var s = Script(day: day, at: "09:00")
        try s.run(.open(window: 3, staffID: "wang"))
        try s.issue("land")
        _ = try s.callNext(3)
        try s.run(.start(window: 3))
        return s
    }

    func accept(_ s: inout Script, days: Int?, code: String = CaseTests.code) throws -> CaseAccepted {
        let intake = CaseIntake(applicantName: "张三丰", applicantPhone: "13800000001", workingDays: days, code: code)
        let events = try s.run(.finish(window: 3, outcome: .accepted, intake: intake))
        guard events.count == 3, case .caseAccepted(let accepted) = events[2] else {
            Issue.record("no case in \(events)")
            throw HallError(.conflict, "test", zh: "", en: "")
        }
        return accepted
    }

    @Test("a plain finish (a keypad's finish key) records 办结 with the clerk who finished")
    func settledByDefault() throws {
        var s = try serving(day: "2026-11-23")
        let id = s.id("C001")
        #expect(
            try s.run(.finish(window: 3)) == [
                .visitFinished(visitID: id, window: 3, staffID: "wang"),
                .visitOutcome(
                    VisitOutcomeRecorded(visitID: id, window: 3, serviceID: "land", outcome: .settled, caseNumber: nil, by: "wang")),
            ])
        #expect(s.state.outcomes[id]?.outcome == .settled)
    }

    @Test("accept → extension → ready → picked up, across days, with the exact events")
    func wholeCase() throws {
        // Monday 2026-11-23; the land service promises 20 working days, the clerk keeps it.
        var s = try serving(day: "2026-11-23")
        let visitID = s.id("C001")
        let accepted = try accept(&s, days: nil)
        #expect(accepted.caseNumber == "20261123-0001")
        #expect(accepted.by == "wang")
        // 20 working days from Mon 11-23: market Saturdays and Sundays do not count, the 调休
        // Sunday 11-29 does: 11-24…11-27 (4), 11-29 (5), 11-30…12-04 (10), 12-07…12-11 (15), 12-14…12-18 (20).
        #expect(accepted.promisedDate == LocalDate("2026-12-18"))
        #expect(s.state.cases.caseWith(code: CaseTests.code)?.number == "20261123-0001")
        #expect(s.state.cases.caseOpened(at: visitID)?.applicantName == "张三丰")

        // The case outlives the day.
        s.at("09:00", day: "2026-12-17")
        let number = accepted.caseNumber
        #expect(s.state.cases.cases[number]?.status(on: LocalDate("2026-12-17")!) == .inProgress)
        #expect(
            try s.run(.extendCase(caseNumber: number, reason: "需现场勘查", promisedDate: LocalDate("2026-12-30")!, by: "wang")) == [
                .caseExtended(caseNumber: number, reason: "需现场勘查", promisedDate: LocalDate("2026-12-30")!, by: "wang")
            ])
        #expect(s.state.cases.cases[number]?.status(on: LocalDate("2026-12-21")!) == .extended)
        #expect(s.state.cases.cases[number]?.originalPromisedDate == LocalDate("2026-12-18"))
        #expect(throws: HallError.self) {
            try s.run(.extendCase(caseNumber: number, reason: "再延", promisedDate: LocalDate("2027-01-30")!, by: "wang"))
        }
        #expect(throws: HallError.self) { try s.run(.pickUpCase(caseNumber: number, by: "wang")) }  // not ready yet

        s.at("10:00", day: "2026-12-28")
        #expect(try s.run(.markCaseReady(caseNumber: number, by: "li")) == [.caseReady(caseNumber: number, by: "li")])
        #expect(s.state.cases.ready.map(\.number) == [number])
        // Ready is not overdue, whatever the date.
        #expect(s.state.cases.cases[number]?.status(on: LocalDate("2027-01-05")!) == .ready)
        s.at("15:00", day: "2026-12-29")
        #expect(try s.run(.pickUpCase(caseNumber: number, by: "li")) == [.casePickedUp(caseNumber: number, by: "li")])
        #expect(s.state.cases.cases[number]?.stage == .pickedUp)
        #expect(s.state.cases.ready.isEmpty)
        #expect(throws: HallError.self) { try s.run(.markCaseReady(caseNumber: number, by: "li")) }
    }

    @Test("a market Saturday is no working day: the case is overdue from the day after the promise")
    func overdueAcrossMarketSaturday() throws {
        // Friday 2026-11-20, one working day: Saturday 11-21 is a market day (the hall opens),
        // Sunday 11-22 is not a working day either, so the promise is Monday 11-23.
        var s = try serving(day: "2026-11-20")
        #expect(LocalDate("2026-11-21")!.weekday == 6)
        #expect(s.state.configuration.schedule.isMarketDay(LocalDate("2026-11-21")!))
        #expect(!s.state.configuration.schedule.isWorkingDay(LocalDate("2026-11-21")!))
        let accepted = try accept(&s, days: 1)
        #expect(accepted.promisedDate == LocalDate("2026-11-23"))
        let book = s.state.cases
        #expect(book.overdue(on: LocalDate("2026-11-21")!).isEmpty)
        #expect(book.overdue(on: LocalDate("2026-11-23")!).isEmpty)
        #expect(book.overdue(on: LocalDate("2026-11-24")!).map(\.number) == [accepted.caseNumber])
        #expect(book.cases[accepted.caseNumber]?.status(on: LocalDate("2026-11-24")!) == .overdue)
    }

    @Test("a holiday does not count: two working days from 12-29 end on 01-01, overdue on 01-02")
    func overdueAcrossHoliday() throws {
        var s = try serving(day: "2026-12-29")
        let accepted = try accept(&s, days: 2)
        // 12-30 (1), 12-31 is a holiday, 01-01 (2).
        #expect(accepted.promisedDate == LocalDate("2027-01-01"))
        #expect(s.state.cases.overdue(on: LocalDate("2027-01-01")!).isEmpty)
        #expect(s.state.cases.overdue(on: LocalDate("2027-01-02")!).count == 1)
        // Completed cases are never overdue.
        s.at("09:00", day: "2027-01-04")
        try s.run(.completeCase(caseNumber: accepted.caseNumber, by: "wang"))
        #expect(s.state.cases.overdue(on: LocalDate("2027-01-04")!).isEmpty)
        #expect(s.state.cases.cases[accepted.caseNumber]?.status(on: LocalDate("2027-01-04")!) == .completed)
    }

    @Test("case numbers count per day and never repeat; a code is never used twice")
    func numbering() throws {
        var s = try serving(day: "2026-11-23")
        #expect(try accept(&s, days: 3).caseNumber == "20261123-0001")
        try s.issue("land")
        _ = try s.callNext(3)
        #expect(throws: HallError.self) { try accept(&s, days: 3) }  // the same code again
        #expect(s.state.windows[3]?.current != nil)  // refused: nothing happened
        #expect(try accept(&s, days: 3, code: "another-code-0000002").caseNumber == "20261123-0002")
        s.at("09:00", day: "2026-11-24")
        try s.run(.open(window: 3, staffID: "wang"))
        try s.issue("land")
        _ = try s.callNext(3)
        #expect(try accept(&s, days: 3, code: "another-code-0000003").caseNumber == "20261124-0001")
    }

    @Test("refusal and referral: their details are required and their notices print only for them")
    func refusalAndReferralPrints() throws {
        var s = try serving(day: "2026-11-23")
        let refusedID = s.id("C001")
        #expect(throws: HallError.self) { try s.run(.finish(window: 3, outcome: .refused(reason: "不符合条件", basis: " "))) }
        #expect(throws: HallError.self) { try s.run(.finish(window: 3, outcome: .accepted)) }  // no intake
        let refusal = VisitOutcome.refused(reason: "申请人不具备本镇户籍", basis: "《农村土地承包法》第十六条")
        #expect(try s.run(.finish(window: 3, outcome: refusal)).count == 2)
        #expect(
            try s.run(.recordPrint(visitID: refusedID, document: .refusalNotice, by: "wang")) == [
                .documentPrinted(visitID: refusedID, document: .refusalNotice, caseNumber: nil, by: "wang")
            ])
        #expect(throws: HallError.self) { try s.run(.recordPrint(visitID: refusedID, document: .receipt, by: "wang")) }

        try s.issue("land")
        _ = try s.callNext(3)
        let referredID = s.id("C002")
        let referral = Referral(department: "县自然资源局", phone: "0812-1234567", address: "县城人民路1号")
        #expect(throws: HallError.self) {
            try s.run(.finish(window: 3, outcome: .referred(Referral(department: "县自然资源局", phone: "打电话", address: "县城"))))
        }
        try s.run(.finish(window: 3, outcome: .referred(referral)))
        #expect(s.state.outcomes[referredID]?.outcome == .referred(referral))
        #expect(try s.run(.recordPrint(visitID: referredID, document: .referralNotice, by: nil)).count == 1)
        #expect(throws: HallError.self) { try s.run(.recordPrint(visitID: referredID, document: .papersNotice, by: nil)) }
    }

    @Test("papers missing: the list is trimmed and bounded; an empty list is refused")
    func papersMissing() throws {
        var s = try serving(day: "2026-11-23")
        #expect(throws: HallError.self) { try s.run(.finish(window: 3, outcome: .papersMissing(missing: [" "]))) }
        let events = try s.run(.finish(window: 3, outcome: .papersMissing(missing: [" 户口簿 ", "", "土地承包合同"])))
        guard case .visitOutcome(let recorded) = events.last else {
            Issue.record("no outcome")
            return
        }
        #expect(recorded.outcome == .papersMissing(missing: ["户口簿", "土地承包合同"]))
    }

    @Test("outcome and case events survive JSON; the case code only where secrets are asked for")
    func codable() throws {
        var s = try serving(day: "2026-11-23")
        var log = [try s.run(.finish(window: 3, outcome: .accepted, intake: CaseIntake(workingDays: 2, code: CaseTests.code)))]
        let number = "20261123-0001"
        log.append(try s.run(.extendCase(caseNumber: number, reason: "材料核实", promisedDate: LocalDate("2026-12-01")!, by: "wang")))
        log.append(try s.run(.recordPrint(visitID: s.id("C001"), document: .receipt, by: "wang")))
        log.append(try s.run(.markCaseReady(caseNumber: number, by: nil)))
        log.append(try s.run(.pickUpCase(caseNumber: number, by: "wang")))
        let journal = JSONEncoder()
        journal.userInfo[.includeSecrets] = true
        var replayed = CaseBook()
        for event in log.joined() {
            let decoded = try JSONDecoder().decode(HallEvent.self, from: journal.encode(event))
            #expect(decoded == event)
            replayed.apply(decoded, at: s.now)
            let text = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            #expect(!text.contains(CaseTests.code))
        }
        #expect(replayed == s.state.cases)
        // Applying again (a restart replays today's journal over the projection) changes nothing.
        for event in log.joined() { replayed.apply(event, at: s.now.addingTimeInterval(60)) }
        #expect(replayed == s.state.cases)
    }
}
