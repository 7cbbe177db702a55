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
    static let phone = "13800138001"

    static func journal() -> [JournalEntry] {
        let at = Date(timeIntervalSince1970: 1_795_400_000)
        let events: [HallEvent] = [
            .dayStarted(date: LocalDate(year: 2026, month: 11, day: 23)),
            .windowOpened(window: 1, staffID: "s01"),
            .ticketIssued(
                .init(
                    visitID: "20261123-A001", number: "A001", serviceID: "pension", priority: .elderly, ahead: 0, estimatedWaitSeconds: 60,
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
        ]
        return events.enumerated().map {
            JournalEntry(seq: Int64($0.offset + 1), at: at.addingTimeInterval(Double($0.offset)), event: $0.element)
        }
    }

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
        let bodies = Self.journal().map { CountyRedaction.record($0).json }.joined(separator: "\n")
        #expect(!bodies.contains(Self.secret))
        #expect(!bodies.contains(Self.phone))
        #expect(!bodies.contains("卫生院"))
        #expect(bodies.contains(#""visitID":"20261123-A001""#))
        #expect(bodies.contains(#""level":2"#))
        let profile = CountyRedaction.profile(Self.configuration()).json
        #expect(!profile.contains(Self.phone))
        #expect(!profile.contains("张三伟"))
        #expect(profile.contains("张*伟"))
        #expect(CountyRedaction.maskName("李四") == "李*")
    }

    @Test("In PostgreSQL, after forwarding: no rating code, no phone number, no full name anywhere")
    func nothingSecretInPostgres() async throws {
        let server = try PostgresServer()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        var partitions = Set<String>()
        let ingest = CountyIngest(hallID: "dongcun", logger: server.logger)
        try await ingest.commit(
            Self.journal().map(CountyRedaction.record), profile: CountyRedaction.profile(Self.configuration()), on: connection,
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
        #expect(!dump.contains(Self.secret))
        #expect(!dump.contains(Self.phone))
        #expect(!dump.contains("张三伟"))
        let visits = try await connection.all(
            "SELECT status || '/' || rating::text || '/' || service_id FROM visits", as: String.self, logger: server.logger)
        #expect(visits == ["finished/2/pension"])
        try await connection.close()
    }
}
