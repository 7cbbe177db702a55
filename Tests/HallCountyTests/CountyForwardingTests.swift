import Foundation
import HallCore
import HallCountyBench
import HallStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing

@testable import HallCounty

/// Three halls forward at once while the county database goes down and comes back: at the end
/// every entry of every hall is in the county exactly once, in order, with no gap.
@Suite("Forwarding to the county", .timeLimit(.minutes(5)))
struct CountyForwardingTests {
    /// Options that retry quickly, so the test does not wait for production back-off.
    static var quick: CountyForwarder.Options {
        var o = CountyForwarder.Options()
        o.batchSize = 200
        o.maximumRate = 200_000
        o.idlePoll = .milliseconds(20)
        o.minimumBackoff = .milliseconds(50)
        o.maximumBackoff = .milliseconds(400)
        return o
    }

    /// A hall's data folder with `days` working days of journal.
    static func hall(_ index: Int, days: Range<Int>, into database: HallDatabase, generator: inout CountyDayGenerator) async throws {
        for day in days {
            try await database.append(generator.day(CountyDayGenerator.workingDay(day)))
        }
    }

    /// Waits until `check` holds, polling (no fixed sleep), failing after `seconds`.
    static func eventually(_ seconds: Double, _ what: String, _ check: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for: \(what)")
        throw CancellationError()
    }

    /// The county's sequence numbers for `hall`, in order.
    static func countySeqs(_ connection: PostgresConnection, hall: String, logger: Logger) async throws -> [Int64] {
        try await connection.all("SELECT seq FROM events WHERE hall_id = \(hall) ORDER BY seq, at", as: Int64.self, logger: logger)
    }

    @Test("Three halls at once, the county stopped mid-stream and started again: every entry exactly once, in order")
    func threeHallsAndAnOutage() async throws {
        let server = try await PostgresServer.launch()
        let setup = try await server.connect()
        try await CountySchema.migrate(setup, logger: server.logger)
        try await setup.close()
        let target = try CountyTarget(url: server.url)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("county-halls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ids = ["dongcun", "xicun", "nanzhen"]
        var databases: [HallDatabase] = []
        var generators: [CountyDayGenerator] = []
        for (i, _) in ids.enumerated() {
            let database = try HallDatabase(path: "\(folder)/\(i)/hall.sqlite")
            var generator = CountyDayGenerator(seed: UInt64(i + 7), visitsPerDay: 60)
            try await Self.hall(i, days: 0..<3, into: database, generator: &generator)
            databases.append(database)
            generators.append(generator)
        }
        let group = ServiceGroup(
            services: zip(ids, databases).map { id, database in
                CountyForwarder(database: database, target: target, hallID: id, options: Self.quick, logger: server.logger)
            }, logger: server.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Some of it reaches the county …
            try await Self.eventually(60, "the first entries in the county") {
                try databases.allSatisfy { try ($0.countyProgress()?.forwardedSeq ?? 0) > 0 }
            }
            // … then the county goes down while the halls go on journaling …
            try await server.stop()
            for i in ids.indices {
                let start = ContinuousClock.now
                try await Self.hall(i, days: 3..<5, into: databases[i], generator: &generators[i])
                #expect(ContinuousClock.now - start < .seconds(10), "the hall journals as fast with the county down")
            }
            try await Self.eventually(30, "the outage seen by every forwarder") {
                try databases.allSatisfy { try $0.countyProgress()?.error != nil }
            }
            let lag = try #require(try databases[0].countyLag(now: Date()))
            #expect(lag.events > 0)
            // … and comes back: the backlog drains.
            try await server.start()
            try await Self.eventually(120, "every hall's journal in the county") {
                try databases.allSatisfy { database in
                    let progress = try database.countyProgress()
                    return progress?.forwardedSeq == (try database.lastSeq()) && progress?.error == nil
                }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let check = try await server.connect()
        for (id, database) in zip(ids, databases) {
            let hallSeqs = try database.entries(after: 0, limit: 1_000_000).map(\.seq)
            let countySeqs = try await Self.countySeqs(check, hall: id, logger: server.logger)
            #expect(countySeqs == hallSeqs, "hall \(id): exactly once, in order, no gap")
            #expect(try database.countyLag(now: Date())?.events == 0)
        }
        // Five working days from 6 January 2025: one monthly partition, made once although three halls raced for it.
        let partitions = try await check.all(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass", as: Int64.self, logger: server.logger)
        #expect(partitions == [1])
        try await check.close()
    }
}
