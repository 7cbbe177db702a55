import Foundation
import HallCore
import HallStore
import Logging
import PostgresNIO
import Testing

@testable import HallCounty

@Suite("What crosses to the county")
struct CountyRedactionTests {
    static let secret = "QX7K9MZP"
    /// The key of this journal's hall for complaint and appointment references.
    static let references = CountyReferences.random()

    static func record(_ entry: JournalEntry) -> CountyRecord { CountyRedaction.record(entry, references: references) }
    static let phone = "13800138001"

    static func journal() -> [JournalEntry] {
        let at = Date(timeIntervalSince1970: 1_795_400_000)
        let events: [HallEvent] =
            [
                .dayStarted(date: LocalDate(year: 2026, month: 11, day: 23)),
                .windowOpened(window: 1, staffID: "s01"),
                .ticketIssued(
                    .init(
                        visitID: "20261123-A001", number: "A001", serviceID: "pension", priority: .elderly, ahead: 0,
                        estimatedWaitSeconds: 60,
                        appointmentAt: nil, secret: secret)),
                .visitCalled(visitID: "20261123-A001", number: "A001", window: 1, recall: false, calls: 1),
                .windowPaused(window: 1, reason: "去卫生院，电话\(phone)"),
                .presenceChanged(staffID: "s01", presence: Presence(status: .away, note: "送件，联系 \(phone)")),
                .serviceStarted(visitID: "20261123-A001", window: 1),
                .visitFinished(visitID: "20261123-A001", window: 1, staffID: "s01"),
                .ratingRecorded(
                    .init(
                        visitID: "20261123-A001", level: .unsatisfied, reason: "请回电 \(phone)", source: "ticket", window: 1, staffID: "s01",
                        serviceID: "pension")),
            ] + personalEvents
        return events.enumerated().map {
            JournalEntry(seq: Int64($0.offset + 1), at: at.addingTimeInterval(Double($0.offset)), event: $0.element)
        }
    }

    /// Personal data of the later kinds of events (cases, follow-ups, complaints, appointments,
    /// the guide desk), each a text that must not reach the county.
    static let casePageCode = "CPG4RT8Q"
    static let complaintCode = "KMPW3XZR"
    static let appointmentCode = "APT7HJKN"
    static let otherPhones = ["13912345678", "13700001111", "13655552222", "0571-88889999"]
    static let fullNames = ["张三伟", "王小明", "李大山", "赵老四"]
    static let freeTexts = [
        "材料缺户口本原件", "不符合参保年龄条件", "《社会保险法》第十六条", "医保局二楼东侧", "等待审批材料补充",
        "已回电解释政策", "窗口人员态度生硬", "已对当事人批评教育", "大厅空调太冷了", "已调整空调温度", "怎么办理医保转移",
        "到医保局办理", "东村三组十二号", "代办高龄津贴申请", "已上门采集信息",
    ]
    static let day = LocalDate(year: 2026, month: 11, day: 23)
    static let personalEvents: [HallEvent] = [
        .visitOutcome(
            .init(
                visitID: "20261123-A001", window: 1, serviceID: "pension", outcome: .papersMissing(missing: [freeTexts[0]]),
                caseNumber: nil, by: "s01")),
        .visitOutcome(
            .init(
                visitID: "20261123-A001", window: 1, serviceID: "pension", outcome: .refused(reason: freeTexts[1], basis: freeTexts[2]),
                caseNumber: nil, by: "s01")),
        .visitOutcome(
            .init(
                visitID: "20261123-A001", window: 1, serviceID: "pension",
                outcome: .referred(Referral(department: freeTexts[3], phone: otherPhones[3], address: freeTexts[3])), caseNumber: nil,
                by: "s01")),
        .visitOutcome(
            .init(visitID: "20261123-A001", window: 1, serviceID: "pension", outcome: .accepted, caseNumber: "20261123-0001", by: "s01")),
        .caseAccepted(
            .init(
                caseNumber: "20261123-0001", code: casePageCode, visitID: "20261123-A001", serviceID: "pension",
                applicantName: fullNames[1],
                applicantPhone: otherPhones[0], promisedDate: day.adding(days: 5), by: "s01")),
        .caseExtended(caseNumber: "20261123-0001", reason: freeTexts[4], promisedDate: day.adding(days: 9), by: "s01"),
        .caseReady(caseNumber: "20261123-0001", by: "s01"),
        .casePickedUp(caseNumber: "20261123-0001", by: "s01"),
        .documentPrinted(visitID: "20261123-A001", document: .receipt, caseNumber: "20261123-0001", by: "s01"),
        .followUp(
            .opened(
                .init(
                    id: "20261123-A001", level: .unsatisfied, reason: "请回电 \(phone)", window: 1, ratedStaffID: "s01",
                    serviceID: "pension", due: day.adding(days: 3)))),
        .followUp(.assigned(id: "20261123-A001", staffID: "s01", by: "admin")),
        .followUp(.calledBack(id: "20261123-A001", reached: true, note: freeTexts[5], by: "admin")),
        .followUp(.closed(id: "20261123-A001", cause: freeTexts[6], action: freeTexts[7], by: "admin")),
        .complaint(
            .submitted(
                .init(
                    id: complaintCode, category: .facilities, channel: .kiosk, text: freeTexts[8], phone: otherPhones[1], ticket: "A001",
                    due: day.adding(days: 5)))),
        .complaint(.written(id: complaintCode, text: freeTexts[8])),
        .complaint(.assigned(id: complaintCode, staffID: "s01", by: "admin")),
        .complaint(.replied(id: complaintCode, text: freeTexts[9], by: "admin")),
        .complaint(.closed(id: complaintCode, by: "admin")),
        .alertRaised(
            Alert(
                id: "complaint:\(complaintCode)", kind: .complaintOverdue, subject: complaintCode,
                message: LocalizedText(zh: "投诉\(complaintCode)逾期", en: "Complaint \(complaintCode) overdue"))),
        .alertCleared(id: "complaint:\(complaintCode)"),
        .appointment(
            .booked(
                Appointment(
                    code: appointmentCode, serviceID: "pension", day: day, slot: 20, name: fullNames[2], phone: otherPhones[2],
                    bookedAt: Date(timeIntervalSince1970: 1_795_300_000)))),
        .appointment(.checkedIn(code: appointmentCode, visitID: "20261123-A001")),
        .appointment(.missed(code: appointmentCode)),
        .guideDesk(.consultationLogged(Consultation(id: "c1", question: freeTexts[10], referral: freeTexts[11], by: "guide"))),
        .guideDesk(
            .homeServiceRegistered(
                HomeServiceRequest(
                    id: "h1", name: fullNames[3], phone: otherPhones[1], address: freeTexts[12], matter: freeTexts[13],
                    requestedAt: Date(timeIntervalSince1970: 1_795_300_000), by: "guide"))),
        .guideDesk(.homeServiceDone(id: "h1", result: freeTexts[14], by: "guide")),
        .windowTakenOver(window: 1, by: "clerk2", from: "session-1"),
    ]

    /// Every text of the journal that must stay in the hall.
    static var secrets: [String] { [secret, phone, casePageCode, complaintCode, appointmentCode] + otherPhones + fullNames + freeTexts }

    static func configuration() -> HallConfiguration {
        HallConfiguration(
            name: LocalizedText(zh: "东村镇便民服务中心", en: "Dongcun service hall"), supervisionPhone: "12345",
            services: [
                Service(
                    id: "pension", prefix: "A", name: LocalizedText(zh: "养老保险", en: "Pensions"), materials: [], timeLimitDays: 1,
                    expectedMinutes: 10)
            ],
            windows: [Window(number: 1, name: LocalizedText(zh: "一号窗口", en: "Window 1"), primaryServices: ["pension"], staffID: "s01")],
            staff: [Staff(id: "s01", name: "张三伟", department: "社保", title: "科员", phone: phone)],
            schedule: HallSchedule(weekly: [1: [OpeningPeriod("09:00-17:00")!]]))
    }

    @Test("A ticket's rating code, phone numbers and typed-in text never leave the hall; names are masked")
    func redacted() {
        let bodies = Self.journal().map { Self.record($0).json }.joined(separator: "\n")
        for secret in Self.secrets + ["卫生院"] { #expect(!bodies.contains(secret), "\(secret) reached the county") }
        #expect(bodies.contains(#""applicantName":"王*明""#))
        #expect(bodies.contains(#""outcome":"refused""#))
        #expect(bodies.contains(#""promisedDate":"2026-12-02""#))
        #expect(bodies.contains(#""category":"facilities""#))
        #expect(bodies.contains(#""due":"2026-11-28""#))
        #expect(bodies.contains(#""visitID":"20261123-A001""#))
        #expect(bodies.contains(#""level":2"#))
        // A complaint's and an appointment's steps carry one keyed reference each, so the county
        // can follow them; the queue number a complaint names crosses, to find its service and window.
        let records = Self.journal().map(Self.record)
        for (kind, prefix, steps) in [("complaint", "complaint", 5), ("appointment", "appointment", 3)] {
            let refs = records.filter { $0.type.hasPrefix(prefix) }.map { $0.string("ref") }
            let ref = Self.references.reference(kind, kind == "complaint" ? Self.complaintCode : Self.appointmentCode)
            #expect(refs == Array(repeating: ref, count: steps), "\(kind)")
            #expect(ref.count == 32 && ref.allSatisfy(\.isHexDigit))
            #expect(CountyReferences.random().reference(kind, "x") != Self.references.reference(kind, "x"), "another hall, another key")
        }
        #expect(records.first { $0.type == "complaintSubmitted" }?.string("ticket") == "A001")
        #expect(
            !CountyRedaction.isQueueNumber("张三 13800138001") && !CountyRedaction.isQueueNumber("") && CountyRedaction.isQueueNumber("B12"))
        let profile = CountyRedaction.profile(Self.configuration()).json
        #expect(!profile.contains(Self.phone))
        #expect(!profile.contains("张三伟"))
        #expect(profile.contains("张*伟"))
        #expect(CountyRedaction.profile(Self.configuration()).staff.allSatisfy { $0.name.contains("*") })
    }

    @Test(
        "In PostgreSQL, after forwarding: no rating, case-page, complaint or appointment code, no phone number, no full name, no typed text"
    )
    func nothingSecretInPostgres() async throws {
        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        var partitions = Set<String>()
        let ingest = CountyIngest(hallID: "dongcun", logger: server.logger)
        try await ingest.commit(
            Self.journal().map(Self.record), profile: CountyRedaction.profile(Self.configuration()), on: connection,
            knownPartitions: &partitions)
        // Every row of every table of ours, as text.
        let dump = try await connection.all(
            """
            SELECT string_agg(t::text, E'\n') FROM (
                SELECT row_to_json(e)::text AS t FROM events e UNION ALL SELECT row_to_json(h)::text FROM halls h
                UNION ALL SELECT row_to_json(p)::text FROM hall_profiles p UNION ALL SELECT row_to_json(v)::text FROM visits v
                UNION ALL SELECT row_to_json(w)::text FROM windows w) x
            """, as: String.self, logger: server.logger
        ).joined()
        #expect(dump.contains("20261123-A001"))
        #expect(dump.contains("20261123-0001"))
        for secret in Self.secrets { #expect(!dump.contains(secret), "\(secret) is in the county's PostgreSQL") }
        let visits = try await connection.all(
            "SELECT status || '/' || rating::text || '/' || service_id FROM visits", as: String.self, logger: server.logger)
        #expect(visits == ["finished/2/pension"])
        try await connection.close()
    }
}
