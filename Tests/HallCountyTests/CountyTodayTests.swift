import Foundation
import HallCore
import HallStore
import Logging
import PostgresNIO
import Testing

@testable import HallCounty

/// The county page's "every hall today" measures a hall's waits on the hall's own clock.
@Suite("Every hall today, on the hall's own clock", .timeLimit(.minutes(3)))
struct CountyTodayTests {
    /// A morning of dongcun on 2025-01-06, far from the county's own day: a window opens at 08:30,
    /// A001 (09:00) is called at 09:12, A002 (09:10) and A003 (09:20) wait.
    static func morning() -> [JournalEntry] {
        let day = LocalDate(year: 2025, month: 1, day: 6)
        func at(_ hour: Int, _ minute: Int) -> Date { day.instant(minute: hour * 60 + minute, utcOffsetMinutes: 480) }
        func ticket(_ n: Int) -> HallEvent {
            .ticketIssued(
                .init(
                    visitID: "20250106-A00\(n)", number: "A00\(n)", serviceID: "pension", priority: .normal, ahead: 0,
                    estimatedWaitSeconds: 60, appointmentAt: nil, secret: "S\(n)"))
        }
        let timeline: [(Date, HallEvent)] = [
            (at(8, 30), .dayStarted(date: day)), (at(8, 30), .windowOpened(window: 1, staffID: "s01")), (at(9, 0), ticket(1)),
            (at(9, 10), ticket(2)), (at(9, 12), .visitCalled(visitID: "20250106-A001", number: "A001", window: 1, recall: false, calls: 1)),
            (at(9, 20), ticket(3)),
        ]
        return timeline.enumerated().map { JournalEntry(seq: Int64($0.offset + 1), at: $0.element.0, event: $0.element.1) }
    }

    @Test(
        "A hall whose clock is on another day than the county's: its longest wait as of its own time, frozen while it is silent, with when it was last heard"
    )
    func hallClock() async throws {
        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        var partitions = Set<String>()
        let ingest = CountyIngest(hallID: "dongcun", logger: server.logger)
        let journal = Self.morning()
        // A forwarder that sent no clock: the waits stand at its latest event (09:20).
        try await ingest.commit(
            journal.map(CountyRedactionTests.record), profile: CountyRedaction.profile(CountyRedactionTests.configuration()),
            on: connection, knownPartitions: &partitions)
        let lastEvent = journal[journal.count - 1].at
        try await server.withQueries { queries in
            var hall = try #require(try await queries.halls().first)
            #expect(hall.day == "2025-01-06")
            #expect(hall.state == "open")
            #expect(hall.waiting == 2 && hall.visitsToday == 3)
            #expect(hall.longestWaitSeconds == 10 * 60, "A002 has waited 09:10 → 09:20 on the hall's clock")
            #expect(hall.asOf == lastEvent.countyMillis)

            // A heartbeat with the hall's clock at 09:25: A002 has waited 15 minutes, and the
            // minute runs on while the hall is in touch.
            let heard = lastEvent.addingTimeInterval(5 * 60)
            try await ingest.commit([], hallClock: heard, on: connection, knownPartitions: &partitions)
            hall = try #require(try await queries.halls().first)
            #expect(hall.state == "open")
            #expect((15 * 60..<15 * 60 + 30).contains(hall.longestWaitSeconds), "\(hall.longestWaitSeconds) s")
            #expect((heard.countyMillis..<heard.countyMillis + 30_000).contains(hall.asOf ?? 0))

            // Ten minutes without a word: silent, the waits as of 09:25, not counted up.
            try await connection.query(
                "UPDATE halls SET last_contact_at = now() - interval '10 minutes' WHERE hall_id = 'dongcun'", logger: server.logger)
            hall = try #require(try await queries.halls().first)
            #expect(hall.state == "silent")
            #expect(hall.longestWaitSeconds == 15 * 60)
            #expect(hall.asOf == heard.countyMillis)
            let lastHeard = try #require(hall.lastContactAt)
            #expect(abs(Date().timeIntervalSince1970 * 1000 - 10 * 60_000 - Double(lastHeard)) < 60_000, "last heard ten minutes ago")
        }
        try await connection.close()
    }
}
