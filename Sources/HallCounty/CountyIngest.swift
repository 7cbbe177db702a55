import Foundation
import HallCore
import HallStore
import Logging
import PostgresNIO

/// Writes a hall's redacted journal entries into the county database: the events, the projections
/// and the hall's high-water mark in ONE transaction, so an entry is in the county exactly once
/// whatever fails in between (a batch is committed whole or not at all; a batch sent twice finds
/// the mark already past it and adds nothing).
public struct CountyIngest: Sendable {
    public let hallID: String
    let logger: Logger

    public init(hallID: String, logger: Logger) {
        self.hallID = hallID
        self.logger = logger
    }

    /// Registers the hall if it is new and returns the last sequence number the county holds.
    public func highWater(on connection: PostgresConnection) async throws -> Int64 {
        try await connection.query("INSERT INTO halls (hall_id) VALUES (\(hallID)) ON CONFLICT DO NOTHING", logger: logger)
        let rows = try await connection.query("SELECT forwarded_seq FROM halls WHERE hall_id = \(hallID)", logger: logger)
        for try await seq in rows.decode(Int64.self) { return seq }
        return 0
    }

    /// Commits `records` (oldest first) and, when given, a changed profile; returns the new mark.
    /// Records at or below the county's mark are dropped (they are already there). `hallClock`: the
    /// hall's own clock as it sends (the county measures the hall's waits on it); nil when unknown.
    @discardableResult
    public func commit(
        _ records: [CountyRecord], profile: CountyHallProfile? = nil, hallClock: Date? = nil, on connection: PostgresConnection,
        knownPartitions: inout Set<String>
    ) async throws -> Int64 {
        let hallID = hallID
        let logger = logger
        let clock = hallClock?.countyMillis ?? 0
        // A month's partition is made before the batch's transaction, in a statement of its own:
        // made inside, its lock would hold every other hall's first batch of the month until this
        // one commits. (An empty partition made for entries that then fail to commit is harmless.)
        for month in Set(records.map { CountyIngest.monthStart($0.at) }) where !knownPartitions.contains(month) {
            try await connection.query("SELECT county_event_partition(\(month)::date)", logger: logger)
            knownPartitions.insert(month)
        }
        let mark = try await connection.withTransaction(logger: logger) { c -> Int64 in
            try await c.query("INSERT INTO halls (hall_id) VALUES (\(hallID)) ON CONFLICT DO NOTHING", logger: logger)
            var mark: Int64 = 0
            for try await seq in try await c.query(
                "SELECT forwarded_seq FROM halls WHERE hall_id = \(hallID) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                mark = seq
            }
            // The profile first: the projections read the hall's UTC offset from it.
            if let profile {
                let json = profile.json
                let changed = try await c.query(
                    """
                    UPDATE halls SET profile = \(json)::jsonb, name_zh = \(profile.name.zh), name_en = \(profile.name.en)
                    WHERE hall_id = \(hallID) AND profile IS DISTINCT FROM \(json)::jsonb RETURNING hall_id
                    """, logger: logger)
                var any = false
                for try await _ in changed { any = true }
                if any {
                    let after = max(mark, records.last?.seq ?? mark)
                    try await c.query(
                        "INSERT INTO hall_profiles (hall_id, after_seq, body) VALUES (\(hallID), \(after), \(json)::jsonb)", logger: logger)
                }
            }
            let fresh = records.filter { $0.seq > mark }
            if !fresh.isEmpty {
                try await c.query(
                    """
                    INSERT INTO events (hall_id, seq, at, type, body)
                    SELECT \(hallID), u.s, county_ms(u.a), u.t, u.b::jsonb
                    FROM unnest(\(fresh.map(\.seq))::bigint[], \(fresh.map(\.at.countyMillis))::bigint[], \(fresh.map(\.type))::text[], \(fresh.map(\.json))::text[]) AS u(s, a, t, b)
                    """, logger: logger)
                try await CountyProjection(
                    hallID: hallID, utcOffsetMinutes: try await Self.utcOffset(hallID, on: c, logger: logger), logger: logger
                )
                .apply(fresh, on: c)
                let fold = CountyFold(fresh)
                try await fold.write(hallID: hallID, on: c, logger: logger)
                let last = fresh[fresh.count - 1]
                try await c.query(
                    """
                    UPDATE halls SET forwarded_seq = \(last.seq), last_event_at = county_ms(\(last.at.countyMillis)),
                        last_contact_at = now(), hall_clock_at = county_ms(\(clock)),
                        day = COALESCE(NULLIF(\(fold.day ?? ""), '')::date, day)
                    WHERE hall_id = \(hallID)
                    """, logger: logger)
                mark = last.seq
            } else {
                try await c.query(
                    "UPDATE halls SET last_contact_at = now(), hall_clock_at = county_ms(\(clock)) WHERE hall_id = \(hallID)",
                    logger: logger)
            }
            return mark
        }
        return mark
    }

    /// Rebuilds every hall's projections from the events it forwarded, oldest first, in batches as
    /// they came (the migration that made the projections runs it once, for a county that had
    /// events before).
    static func rebuildProjections(on c: PostgresConnection, logger: Logger) async throws {
        try await c.query("TRUNCATE visits, visit_figures, visit_wait_minutes, cases, follow_ups, complaints, appointments", logger: logger)
        let halls = try await c.query("SELECT hall_id FROM halls ORDER BY hall_id", logger: logger).decode(String.self)
        var ids: [String] = []
        for try await id in halls { ids.append(id) }
        for hallID in ids {
            let projection = CountyProjection(
                hallID: hallID, utcOffsetMinutes: try await utcOffset(hallID, on: c, logger: logger), logger: logger)
            var after: Int64 = 0
            while true {
                var batch: [CountyRecord] = []
                for try await (seq, ms, type, body) in try await c.query(
                    """
                    SELECT seq, (extract(epoch FROM at) * 1000)::bigint, type, body::text FROM events
                    WHERE hall_id = \(hallID) AND seq > \(after) ORDER BY seq LIMIT 5000
                    """, logger: logger
                ).decode((Int64, Int64, String, String).self) {
                    batch.append(try CountyRecord(seq: seq, at: Date(millis: ms), type: type, body: body))
                }
                guard let last = batch.last else { break }
                try await projection.apply(batch, on: c)
                after = last.seq
            }
        }
    }

    /// The UTC offset of the hall's days, from the profile it sent (UTC+8 until it sent one).
    static func utcOffset(_ hallID: String, on c: PostgresConnection, logger: Logger) async throws -> Int {
        for try await offset in try await c.query(
            "SELECT (profile->>'utcOffsetMinutes')::int FROM halls WHERE hall_id = \(hallID)", logger: logger
        ).decode(Int?.self) {
            return offset ?? 480
        }
        return 480
    }

    /// `2026-11-01` for any instant in November 2026 (UTC, as the partitions are cut).
    static func monthStart(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d-01", c.year ?? 1970, c.month ?? 1)
    }
}

extension Date {
    /// Milliseconds since 1970, as the county's `county_ms` reads them (0 stands for no time).
    var countyMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

/// A batch folded into the `windows` projection (per window its latest status) and the day the
/// batch ends in; the visits and what outlives a day are ``CountyProjection``'s.
struct CountyFold {
    struct Window {
        var status: String
        var staff: String
        var at: Int64
    }

    var windows: [Int: Window] = [:]
    /// A `dayStarted` in the batch: every window closes before the later changes apply.
    var dayStarted = false
    var day: String?

    init(_ records: [CountyRecord]) {
        for record in records { apply(record) }
    }

    mutating func apply(_ r: CountyRecord) {
        let ms = r.at.countyMillis
        switch r.type {
        case "dayStarted":
            dayStarted = true
            day = r.string("date")
            windows = [:]
        case "windowOpened":
            if let w = r.int("window") { windows[w] = Window(status: "open", staff: r.string("staffID") ?? "", at: ms) }
        case "windowPaused":
            if let w = r.int("window") { windows[w] = Window(status: "paused", staff: windows[w]?.staff ?? "", at: ms) }
        case "windowClosed":
            if let w = r.int("window") { windows[w] = Window(status: "closed", staff: "", at: ms) }
        default:
            break
        }
    }

    func write(hallID: String, on c: PostgresConnection, logger: Logger) async throws {
        if dayStarted {
            try await c.query("UPDATE windows SET status = 'closed', staff_id = NULL WHERE hall_id = \(hallID)", logger: logger)
        }
        if !windows.isEmpty {
            let numbers = windows.keys.sorted()
            let w = numbers.map { windows[$0]! }
            try await c.query(
                """
                INSERT INTO windows (hall_id, number, status, staff_id, updated_at)
                SELECT \(hallID), u.n, u.s, NULLIF(u.staff, ''), county_ms(u.at)
                FROM unnest(\(numbers)::int[], \(w.map(\.status))::text[], \(w.map(\.staff))::text[], \(w.map(\.at))::bigint[]) AS u(n, s, staff, at)
                ON CONFLICT (hall_id, number) DO UPDATE SET status = EXCLUDED.status, staff_id = EXCLUDED.staff_id, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        }
    }
}
