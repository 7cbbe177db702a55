import Foundation
import GRDB

/// The disk's own limit for what the journal does: single-row commits to SQLite in WAL mode with
/// `synchronous=FULL`, in a file beside the hall's, for `seconds`.
enum RawSQLite {
    struct Limit {
        var commitsPerSecond: Double
        var latency: Stats
        var description: String { String(format: "%.0f commits/s, commit p99 %.2f ms", commitsPerSecond, latency.p99) }
    }

    static func measure(in directory: String, seconds: Double = 2) throws -> Limit {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("raw-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        _ = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try queue.write { db in try db.execute(sql: "CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER, body TEXT)") }
        let body = String(repeating: "x", count: 200)
        var samples: [Double] = []
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        while ContinuousClock.now < end {
            let begin = ContinuousClock.now
            try queue.write { db in try db.execute(sql: "INSERT INTO events (at, body) VALUES (?, ?)", arguments: [samples.count, body]) }
            samples.append((ContinuousClock.now - begin).milliseconds)
        }
        return Limit(commitsPerSecond: Double(samples.count) / (ContinuousClock.now - start).milliseconds * 1000, latency: Stats(samples))
    }
}
