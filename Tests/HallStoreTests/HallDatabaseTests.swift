import Foundation
import GRDB
import HallCore
import HallStore
import Testing

/// A temporary database file, removed after the test.
final class TemporaryDatabase {
    let directory: String
    let database: HallDatabase

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallstore-\(UUID().uuidString)").path
        database = try HallDatabase(path: directory + "/hall.sqlite")
        try database.saveConfiguration(StoreFixture.configuration)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

enum StoreFixture {
    static let configuration: HallConfiguration = {
        let hours = [OpeningPeriod("08:30-17:30")!]
        return HallConfiguration(
            name: .init(zh: "测试中心", en: "Test center"),
            services: [
                Service(id: "social", prefix: "A", name: .init(zh: "社保", en: "Social")),
                Service(id: "civil", prefix: "B", name: .init(zh: "民政", en: "Civil")),
            ],
            windows: [
                Window(number: 1, name: .init(zh: "一号", en: "One"), primaryServices: ["social"], staffID: "zhang"),
                Window(number: 2, name: .init(zh: "二号", en: "Two"), primaryServices: ["civil"], staffID: "li"),
            ],
            staff: [
                Staff(id: "zhang", name: "张伟", department: "社保", title: "科员", phone: "1"),
                Staff(id: "li", name: "李娜", department: "民政", title: "科员", phone: "2"),
            ],
            schedule: HallSchedule(weekly: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, hours) })))
    }()

    static func at(_ day: String, _ time: String) -> Date {
        LocalDate(day)!.instant(minute: OpeningPeriod.minute(time)!, utcOffsetMinutes: 480)
    }
}

/// Runs commands on a state and journals them, as the runtime does.
struct Journaling {
    var state = HallState(configuration: StoreFixture.configuration)
    var seq: Int64 = 0
    var entries: [JournalEntry] = []

    mutating func run(_ command: HallCommand?, at date: Date) throws {
        var events = state.advance(to: date)
        if let command { events += try state.handle(command, at: date) }
        for event in events {
            seq += 1
            entries.append(JournalEntry(seq: seq, at: date, event: event))
        }
    }
}

@Suite("The SQLite journal and its projections")
struct HallDatabaseTests {
    @Test("the journal is WAL with synchronous=FULL, and the file is readable by its owner only")
    func durability() throws {
        let t = try TemporaryDatabase()
        let (mode, sync) = try t.database.durability()
        #expect(mode == "wal")
        #expect(sync == 2)
        for file in ["hall.sqlite", "hall.sqlite-wal", "hall.sqlite-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: t.directory + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
    }

    @Test("a journal written before the visit ledger existed fills it when the database opens: the same rows as kept at each commit")
    func ledgerFilledFromTheJournal() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        let day = "2026-11-23"
        try j.run(.open(window: 1, staffID: "zhang"), at: StoreFixture.at(day, "08:30"))
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "SECRET01"), at: StoreFixture.at(day, "08:31"))
        try j.run(.issueTicket(serviceID: "social", priority: .elderly, secret: "SECRET02"), at: StoreFixture.at(day, "08:32"))
        try j.run(.callNext(window: 1), at: StoreFixture.at(day, "08:40"))
        try j.run(.start(window: 1), at: StoreFixture.at(day, "08:41"))
        try j.run(.finish(window: 1), at: StoreFixture.at(day, "08:50"))
        try j.run(.issueTicket(serviceID: "civil", priority: .normal, secret: "SECRET03"), at: StoreFixture.at(day, "16:00"))
        // The next morning cancels what was left.
        try j.run(nil, at: StoreFixture.at("2026-11-24", "08:00"))
        try await t.database.append(j.entries)
        let (start, end) = (StoreFixture.at(day, "00:00"), StoreFixture.at("2026-11-24", "00:00"))
        let kept = try t.database.ledgerVisits(from: start, to: end, utcOffsetMinutes: 480)
        #expect(kept.map(\.status) == [.waiting, .finished, .waiting], "the day alone: its leftovers still waiting")
        #expect(
            try t.database.ledgerVisits(from: start, to: StoreFixture.at("2026-11-25", "00:00"), utcOffsetMinutes: 480).map(\.status).last
                == .cancelled)

        // As a database of the version before: no ledger and its migration not run; opened again.
        try await DatabaseQueue(path: t.directory + "/hall.sqlite").write { db in
            try db.execute(sql: "DROP TABLE visitLedger; DELETE FROM grdb_migrations WHERE identifier = 'v6-visit-ledger'")
        }
        let reopened = try HallDatabase(path: t.directory + "/hall.sqlite")
        #expect(try reopened.ledgerVisits(from: start, to: end, utcOffsetMinutes: 480) == kept)
    }

    @Test("a day's events land in the projections; today's entries start at the latest dayStarted")
    func projections() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        let d1 = "2026-11-23"
        try j.run(.open(window: 1, staffID: nil), at: StoreFixture.at(d1, "08:30"))
        try j.run(.issueTicket(serviceID: "social", priority: .elderly, secret: "SECRET01"), at: StoreFixture.at(d1, "08:31"))
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "SECRET02"), at: StoreFixture.at(d1, "08:32"))
        try j.run(.callNext(window: 1), at: StoreFixture.at(d1, "08:33"))
        try j.run(.finish(window: 1), at: StoreFixture.at(d1, "08:43"))
        try j.run(
            .rate(visitID: "20261123-A001", level: .unsatisfied, reason: "态度生硬", source: .ticketCode("SECRET01")),
            at: StoreFixture.at(d1, "08:44"))
        try j.run(.setPresence(staffID: "li", presence: Presence(status: .leave, note: "病假")), at: StoreFixture.at(d1, "08:45"))
        try await t.database.append(j.entries)
        #expect(try t.database.lastSeq() == j.seq)
        #expect(try t.database.issuedNumbers(day: LocalDate(d1)!) == ["A001", "A002"])
        let bad = try t.database.badRatings(from: LocalDate(d1)!, to: LocalDate(d1)!)
        #expect(bad.count == 1)
        #expect(bad.first?.reason == "态度生硬")
        #expect(bad.first?.staffID == "zhang")
        #expect(bad.first?.followUp == "open")
        #expect(try t.database.presence()["li"] == Presence(status: .leave, note: "病假"))

        // Next day: yesterday's A002 is cancelled, and today's journal starts over.
        let before = j.entries.count
        try j.run(nil, at: StoreFixture.at("2026-11-24", "08:30"))
        try await t.database.append(Array(j.entries[before...]))
        let today = try t.database.currentDayEntries()
        #expect(today.map(\.event) == [.dayStarted(date: LocalDate("2026-11-24")!)])

        // The rebuilt state equals the live one.
        var rebuilt = HallState(configuration: try #require(try t.database.loadConfiguration()), presence: try t.database.presence())
        for entry in today { rebuilt.apply(entry.event, at: entry.at) }
        #expect(rebuilt.presence == j.state.presence)
        #expect(rebuilt.day == j.state.day)
    }

    @Test("a failed append writes nothing at all")
    func atomicAppend() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        try j.run(.issueTicket(serviceID: "social", priority: .normal, secret: "S"), at: StoreFixture.at("2026-11-23", "09:00"))
        try await t.database.append(j.entries)
        let last = try t.database.lastSeq()
        // The second entry reuses a sequence number: the whole batch must be refused.
        try j.run(.issueTicket(serviceID: "civil", priority: .normal, secret: "T"), at: StoreFixture.at("2026-11-23", "09:01"))
        let fresh = j.entries.last!
        let clash = JournalEntry(seq: 1, at: fresh.at, event: .windowClosed(window: 1))
        await #expect(throws: (any Error).self) { try await t.database.append([fresh, clash]) }
        #expect(try t.database.lastSeq() == last)
        #expect(try t.database.issuedNumbers(day: LocalDate("2026-11-23")!) == ["A001"])
    }

    @Test("satisfaction per window, staff and service counts every level, the rate and the unrated share")
    func satisfaction() async throws {
        let t = try TemporaryDatabase()
        var j = Journaling()
        let day = "2026-11-23"
        try j.run(.open(window: 1, staffID: nil), at: StoreFixture.at(day, "08:30"))
        try j.run(.open(window: 2, staffID: nil), at: StoreFixture.at(day, "08:30"))
        let plan: [(String, Int, RatingLevel?)] = [
            ("social", 1, .verySatisfied), ("social", 1, .basicallySatisfied), ("social", 1, .veryUnsatisfied), ("social", 1, nil),
            ("civil", 2, .satisfied), ("civil", 2, .satisfied),
        ]
        for (i, (service, window, level)) in plan.enumerated() {
            let at = StoreFixture.at(day, "09:\(10 + i)")
            try j.run(.issueTicket(serviceID: service, priority: .normal, secret: "C\(i)"), at: at)
            try j.run(.callNext(window: window), at: at)
            try j.run(.finish(window: window), at: at)
            let id = j.state.visits.values.first { $0.ratingStatus == .awaiting && $0.window == window }!.id
            if let level {
                try j.run(.rate(visitID: id, level: level, reason: level.isBad ? "办理太慢" : nil, source: .evaluator(window: window)), at: at)
            }
        }
        try await t.database.append(j.entries)
        let d = LocalDate(day)!
        let byWindow = try t.database.satisfaction(from: d, to: d, by: .window)
        #expect(byWindow.map(\.key) == ["1", "2"])
        let w1 = byWindow[0]
        #expect(w1.finished == 4)
        #expect(w1.rated == 3)
        #expect(w1.levels["verySatisfied"] == 1)
        #expect(w1.levels["basicallySatisfied"] == 1)
        #expect(w1.levels["veryUnsatisfied"] == 1)
        #expect(w1.satisfactionRate == 2.0 / 3.0)
        #expect(w1.unratedShare == 0.25)
        #expect(byWindow[1].satisfactionRate == 1.0)
        let byStaff = try t.database.satisfaction(from: d, to: d, by: .staff)
        #expect(byStaff.map(\.key) == ["li", "zhang"])
        let byService = try t.database.satisfaction(from: d, to: d, by: .service)
        #expect(byService.first { $0.key == "civil" }?.levels["satisfied"] == 2)
        // Another period has nothing.
        #expect(try t.database.satisfaction(from: LocalDate("2026-11-24")!, to: LocalDate("2026-11-30")!, by: .window).isEmpty)
    }
}
