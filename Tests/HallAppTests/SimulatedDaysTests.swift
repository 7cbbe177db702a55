import Foundation
import HallCore
import HallReports
import HallStore
import Testing

@testable import HallApp

/// Realistic days driven through the hall's commands: what the generator says it did is what the
/// journal and the statistics hold, the schedule decides which days open, and a seed gives one history.
@Suite("Simulated days through the commands", .timeLimit(.minutes(5)))
struct SimulatedDaysTests {
    /// Monday 2026-11-16 … Sunday 2026-11-22: five weekdays, the 17th (Tuesday) a market day, the
    /// 21st a market day on a Saturday (the hall opens), the 22nd closed.
    @Test("a week: weekdays and a Saturday market day open, everything journaled and counted")
    func week() async throws {
        let t = try await TestHall(at: chinaTime("00:00", day: "2026-11-16"))
        let summary = try await SimulatedDays(seed: 42).run(
            hall: t.hall, clock: t.clock, from: LocalDate("2026-11-16")!, through: LocalDate("2026-11-22")!)
        #expect(summary.days == 6)
        #expect(summary.marketDays == 2)

        let entries = try t.runtime.database.entries(after: 0, limit: 1_000_000)
        func count(_ type: String, on day: String? = nil) -> Int {
            entries.filter { entry in
                entry.event.type == type
                    && day.map { LocalDate.local(entry.at, utcOffsetMinutes: 480).date.description == $0 } ?? true
            }.count
        }
        #expect(count("ticketIssued") == summary.tickets)
        #expect(count("visitFinished") == summary.finished)
        #expect(count("ratingRecorded") == summary.ratings)
        let started = entries.compactMap { if case .dayStarted(let date) = $0.event { date.description } else { nil } }
        #expect(started == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"])
        #expect(count("ticketIssued", on: "2026-11-22") == 0)
        // ~300 residents a day (±15 %), half as many again on market days; a service's daily quota
        // turns away the odd one, and appointments checked in add a few tickets.
        let ordinary = count("ticketIssued", on: "2026-11-18")
        let market = count("ticketIssued", on: "2026-11-21")
        #expect((245...355).contains(ordinary))
        #expect((380...520).contains(market))
        // The other activities happened, and nearly everyone was served the day they came.
        #expect(count("visitNoShow") > 10)
        #expect(count("visitTransferred") > 3)
        #expect(count("windowPaused") > 6)
        #expect(count("presenceChanged") > 6)
        #expect(summary.badRatings > 5)
        #expect(Double(summary.ratings) > Double(summary.finished) * 0.75)
        let leftOver = entries.filter { if case .visitCancelled(_, .endOfDay) = $0.event { true } else { false } }.count
        // A few wait in vain: a service whose windows' staff are away, a transfer near closing.
        #expect(Double(leftOver) < Double(summary.tickets) * 0.08, "\(leftOver) of \(summary.tickets) not served the same day")

        // The statistics read the same week.
        let rows = try t.runtime.database.satisfaction(from: LocalDate("2026-11-16")!, to: LocalDate("2026-11-22")!, by: .window)
        #expect(rows.reduce(0) { $0 + $1.rated } == summary.ratings)
        #expect(rows.reduce(0) { $0 + $1.finished } == summary.finished)
        let bad = try t.runtime.database.badRatings(from: LocalDate("2026-11-16")!, to: LocalDate("2026-11-22")!)
        #expect(bad.count == summary.badRatings)
        #expect(bad.allSatisfy { !($0.reason ?? "").isEmpty })
    }

    @Test("the same seed gives the same history")
    func deterministic() async throws {
        var journals: [[String]] = []
        for _ in 0..<2 {
            let t = try await TestHall(at: chinaTime("00:00", day: "2026-11-16"))
            _ = try await SimulatedDays(seed: 7).run(
                hall: t.hall, clock: t.clock, from: LocalDate("2026-11-16")!, through: LocalDate("2026-11-17")!)
            journals.append(try t.runtime.database.entries(after: 0, limit: 1_000_000).map { "\($0.at.millis) \($0.event)" })
        }
        #expect(journals[0].count > 1_000)
        #expect(journals[0] == journals[1])
    }

    @Test(
        "the visit ledger the reports read equals the fold of the journal, for every day and span, also when a day's leftovers are cancelled after it"
    )
    func ledgerEqualsTheJournal() async throws {
        let t = try await TestHall(at: chinaTime("00:00", day: "2026-11-16"))
        _ = try await SimulatedDays(seed: 42).run(
            hall: t.hall, clock: t.clock, from: LocalDate("2026-11-16")!, through: LocalDate("2026-11-22")!)
        // Monday morning: Saturday's leftovers are cancelled two days after their day.
        t.clock.set(chinaTime("08:00", day: "2026-11-23"))
        try await t.hall.tick()
        let database = t.runtime.database
        let cancelledLater = try database.entries(after: 0, limit: 1_000_000).filter {
            if case .visitCancelled(_, .endOfDay) = $0.event { true } else { false }
        }
        #expect(!cancelledLater.isEmpty, "no day left anyone waiting: the cancellation after a period is not tested")
        let reporter = HallReporter(database: database, configuration: await t.hall.configuration)
        var spans = (16...23).map { (LocalDate("2026-11-\($0)")!, LocalDate("2026-11-\($0)")!) }
        spans += [(LocalDate("2026-11-16")!, LocalDate("2026-11-20")!), (LocalDate("2026-11-16")!, LocalDate("2026-11-23")!)]
        for (from, to) in spans {
            let (start, end) = reporter.span(from, to)
            let journal = PeriodLedger(entries: try database.entries(from: start, to: end), utcOffsetMinutes: 480).visits
            let ledger = try reporter.visits(from: from, to: to)
            #expect(ledger == journal, "\(from)…\(to): \(ledger.count) visits from the ledger, \(journal.count) from the journal")
        }
    }
}
