import Foundation
import GRDB
import HTTPTypes
import HallCore
import Logging
import NIOCore
import HallStore
import HummingbirdTesting
import Testing

@testable import HallApp

/// The hall's journal cannot be written (a full disk, an I/O error): the store's fault-injection seam
/// makes SQLite itself refuse every write (`HallDatabase.failWrites()`).
@Suite("A failed journal write", .timeLimit(.minutes(3)))
struct FailureJournalTests {
    /// The prefix and the number of a ticket number such as `A012`.
    func split(_ number: String) -> (String, Int) {
        (String(number.prefix { $0.isLetter }), Int(number.drop { $0.isLetter }) ?? -1)
    }

    @Test(
        "a ticket during a write failure answers 503 and changes nothing; /healthz says why; once healed, numbering goes on without a gap")
    func ticketDuringFailure() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let first = try await client.ticket("pension")
            let before = try await client.execute(uri: "/api/v1/hall", method: .get)
            let seqBefore = await t.hall.seq
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)

            try t.runtime.database.failWrites()
            let failed = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(failed.status == .serviceUnavailable)
            #expect(failed.body["error"] as? String == "journal_write_failed")
            #expect((failed.body["message"] as? String)?.contains("未生效") == true)
            #expect((failed.body["message_en"] as? String)?.contains("nothing was changed") == true)

            // Nothing of the refused ticket stays: the state, the picture and the journal are as before.
            let after = try await client.execute(uri: "/api/v1/hall", method: .get)
            #expect(String(buffer: after.body) == String(buffer: before.body))
            #expect(await t.hall.seq == seqBefore)
            #expect(await t.hall.state.waitingCount(service: "pension") == 1)
            #expect(try t.runtime.database.lastSeq() == seqBefore)

            // The store still refuses writes: the hall takes no command and says why.
            let health = try await client.json(.get, "/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(health.body["status"] as? String == "degraded")
            let problems = try #require(health.body["problems"] as? [String: Any])
            let outage = try #require(problems["journalOutage"] as? [String: Any])
            #expect((outage["error"] as? String)?.contains("disk is full") == true)
            #expect((outage["error"] as? String)?.contains("INSERT") == false)
            let refused = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.body["error"] as? String == "journal_unavailable")
            #expect((refused.body["message"] as? String)?.isEmpty == false)
            #expect((refused.body["message_en"] as? String)?.isEmpty == false)
            // A recovery attempt while the store still fails keeps the hall stopped.
            await #expect(throws: APIError.self) { try await t.hall.tick() }
            #expect(await t.hall.outage != nil)

            // Healed: the ticker's next attempt recovers, and the next ticket takes the next number.
            try t.runtime.database.healWrites()
            try await t.hall.tick()
            #expect(await t.hall.outage == nil)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let next = try await client.ticket("pension")
            let (prefix, n) = split(first.number)
            #expect(split(next.number) == (prefix, n + 1), "\(first.number) then \(next.number)")
            #expect(next.id != first.id)
            #expect(await t.hall.state.waitingCount(service: "pension") == 2)
            #expect(try t.runtime.database.currentDayEntries().count { if case .ticketIssued = $0.event { true } else { false } } == 2)
        }
    }

    /// Corrupts the journal's configuration (the state cannot be rebuilt from it), makes writes fail,
    /// and expects `command` to be refused with the hall left exactly as of its last commit.
    func expectBackToLastCommit(_ t: TestHall, refusing command: HallCommand) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let committed = try encoder.encode(await t.hall.snapshot())
        let seq = await t.hall.seq
        try await DatabaseQueue(path: t.directory + "/hall.sqlite").write {
            try $0.execute(sql: "UPDATE settings SET value = '{' WHERE key = 'hall'")
        }
        try t.runtime.database.failWrites()
        await #expect(throws: APIError.self) { try await t.hall.execute(command) }
        #expect(await t.hall.outage != nil)
        #expect(await t.hall.seq == seq)
        #expect(try encoder.encode(await t.hall.snapshot()) == committed)
    }

    @Test(
        "when the journal cannot be read either, the hall goes back to its last commit: every acknowledged command stays, the refused one is gone"
    )
    func unreadableJournal() async throws {
        let t = try await TestHall()
        try await t.hall.execute(.open(window: 1, staffID: nil))
        for secret in ["K7MQ3XP1", "K7MQ3XP2", "K7MQ3XP3"] {
            try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: secret))
        }
        try await t.hall.execute(.callNext(window: 1))
        try await t.hall.execute(.transfer(window: 1, toService: "homestead", toWindow: nil, position: .front))
        try await expectBackToLastCommit(t, refusing: .issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XP4"))
        #expect(await t.hall.state.waitingCount(service: "pension") == 2)
        #expect(await t.hall.state.waitingCount(service: "homestead") == 1)
    }

    @Test(
        "the last commit the hall goes back to is replayed across a new day and a new configuration: yesterday's visits are gone, today's and the new service stay"
    )
    func unreadableJournalAfterDayAndReconfiguration() async throws {
        let t = try await TestHall()
        try await t.hall.execute(.open(window: 1, staffID: nil))
        for secret in ["K7MQ3XQ1", "K7MQ3XQ2"] {
            try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: secret))
        }
        try await t.hall.execute(.callNext(window: 1))

        // The next morning: a new day starts, then the administrator adds a service.
        t.clock.advance(by: 86_400)
        try await t.hall.tick()
        try await t.hall.execute(.open(window: 1, staffID: nil))
        try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XQ3"))
        var changed = await t.hall.state.configuration
        changed.services.append(Service(id: "tax", prefix: "T", name: .init(zh: "税务咨询", en: "Tax advice")))
        changed.windows[0].primaryServices.append("tax")
        await t.hall.reconfigure(changed)
        try await t.hall.execute(.issueTicket(serviceID: "tax", priority: .normal, secret: "K7MQ3XQ4"))
        try await t.hall.execute(.callNext(window: 1))
        try await expectBackToLastCommit(t, refusing: .issueTicket(serviceID: "tax", priority: .normal, secret: "K7MQ3XQ5"))
        let visits = await t.hall.state.visits.values.map(\.number).sorted()
        #expect(visits == ["A001", "T001"], "today's two tickets, yesterday's gone, the refused one never issued")
        #expect(await t.hall.state.configuration.services.contains { $0.id == "tax" })
    }

    @Test("screens are told to reload once when a write fails and once when the hall recovers, not on every failing tick")
    func screensResetOnce() async throws {
        let t = try await TestHall()
        let bus = await t.hall.bus
        _ = try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XPA"))
        let screen = bus.subscribe(.public)
        try t.runtime.database.failWrites()
        await #expect(throws: APIError.self) {
            try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XPB"))
        }
        for _ in 0..<3 {
            await #expect(throws: APIError.self) { try await t.hall.tick() }
        }
        #expect(await t.hall.outage?.attempts == 3)
        try t.runtime.database.healWrites()
        try await t.hall.tick()
        let issued = try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "K7MQ3XPC"))
        var resets = 0
        for await message in screen {
            // The refused ticket's views never reach a screen.
            #expect(!message.json.contains("K7MQ3XPB"))
            if message.json.contains(#""kind":"reset""#) { resets += 1 }
            if message.entry?.seq == issued.last?.seq { break }
        }
        #expect(resets == 2)
    }

    @Test("the ticker waits twice as long after each failed tick, up to a minute")
    func tickerBacksOff() async throws {
        let t = try await TestHall()
        let ticker = HallTicker(hall: t.hall, logger: .init(label: "test"))
        #expect((0..<9).map { ticker.delay(afterFailures: $0) } == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
    }
}
