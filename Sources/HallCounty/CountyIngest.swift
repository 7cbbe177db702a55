import Foundation
import HallCore
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
    /// Records at or below the county's mark are dropped (they are already there).
    @discardableResult
    public func commit(
        _ records: [CountyRecord], profile: CountyHallProfile? = nil, on connection: PostgresConnection,
        knownPartitions: inout Set<String>
    ) async throws -> Int64 {
        let hallID = hallID
        let logger = logger
        var partitions = knownPartitions
        let mark = try await connection.withTransaction(logger: logger) { c -> Int64 in
            try await c.query("INSERT INTO halls (hall_id) VALUES (\(hallID)) ON CONFLICT DO NOTHING", logger: logger)
            var mark: Int64 = 0
            for try await seq in try await c.query(
                "SELECT forwarded_seq FROM halls WHERE hall_id = \(hallID) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                mark = seq
            }
            let fresh = records.filter { $0.seq > mark }
            if !fresh.isEmpty {
                for month in Set(fresh.map { CountyIngest.monthStart($0.at) }) where !partitions.contains(month) {
                    try await c.query("SELECT county_event_partition(\(month)::date)", logger: logger)
                    partitions.insert(month)
                }
                try await c.query(
                    """
                    INSERT INTO events (hall_id, seq, at, type, body)
                    SELECT \(hallID), u.s, county_ms(u.a), u.t, u.b::jsonb
                    FROM unnest(\(fresh.map(\.seq))::bigint[], \(fresh.map(\.at.countyMillis))::bigint[], \(fresh.map(\.type))::text[], \(fresh.map(\.json))::text[]) AS u(s, a, t, b)
                    """, logger: logger)
                let fold = CountyFold(fresh)
                try await fold.write(hallID: hallID, on: c, logger: logger)
                let last = fresh[fresh.count - 1]
                try await c.query(
                    """
                    UPDATE halls SET forwarded_seq = \(last.seq), last_event_at = county_ms(\(last.at.countyMillis)),
                        last_contact_at = now(), day = COALESCE(NULLIF(\(fold.day ?? ""), '')::date, day)
                    WHERE hall_id = \(hallID)
                    """, logger: logger)
                mark = last.seq
            } else {
                try await c.query("UPDATE halls SET last_contact_at = now() WHERE hall_id = \(hallID)", logger: logger)
            }
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
                    try await c.query(
                        "INSERT INTO hall_profiles (hall_id, after_seq, body) VALUES (\(hallID), \(mark), \(json)::jsonb)", logger: logger)
                }
            }
            return mark
        }
        knownPartitions = partitions
        return mark
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

/// A batch folded into what the projections need: per visit its latest known facts, per window its
/// latest status, the day the batch ends in.
struct CountyFold {
    struct Visit {
        var day: String
        var service: String = ""
        var priority: String = ""
        var issued: Int64 = 0
        var called: Int64 = 0
        var started: Int64 = 0
        var finished: Int64 = 0
        var status: String = ""
        var window = -1
        var staff = ""
        var transfers = 0
        var recalls = 0
        var rating = 0
        var lastSeq: Int64 = 0
    }

    struct Window {
        var status: String
        var staff: String
        var at: Int64
    }

    var visits: [String: Visit] = [:]
    var order: [String] = []
    var windows: [Int: Window] = [:]
    /// A `dayStarted` in the batch: every window closes before the later changes apply.
    var dayStarted = false
    var day: String?

    init(_ records: [CountyRecord]) {
        for record in records { apply(record) }
    }

    /// `20261123-A001` → `2026-11-23`; else the batch's day or the entry's UTC date.
    private func dayOf(_ visitID: String, at: Date) -> String {
        let digits = visitID.prefix(8)
        if digits.count == 8, digits.allSatisfy(\.isNumber) {
            return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
        }
        return day ?? String(ISO8601DateFormatter().string(from: at).prefix(10))
    }

    private mutating func visit(_ record: CountyRecord, _ change: (inout Visit) -> Void) {
        guard let id = record.string("visitID") else { return }
        if visits[id] == nil {
            visits[id] = Visit(day: dayOf(id, at: record.at))
            order.append(id)
        }
        change(&visits[id]!)
        visits[id]!.lastSeq = record.seq
    }

    mutating func apply(_ r: CountyRecord) {
        let ms = r.at.countyMillis
        switch r.type {
        case "dayStarted":
            dayStarted = true
            day = r.string("date")
            windows = [:]
        case "ticketIssued":
            visit(r) {
                $0.service = r.string("serviceID") ?? ""
                $0.priority = r.string("priority") ?? ""
                $0.issued = ms
                $0.status = "waiting"
            }
        case "visitCalled":
            visit(r) {
                if $0.called == 0 { $0.called = ms }
                if r.fields["recall"] == .bool(true) { $0.recalls += 1 }
                $0.status = "called"
                $0.window = r.int("window") ?? $0.window
            }
        case "serviceStarted", "visitResumed":
            visit(r) {
                if $0.started == 0 { $0.started = ms }
                $0.status = "serving"
            }
        case "visitHeld": visit(r) { $0.status = "held" }
        case "visitFinished":
            visit(r) {
                $0.finished = ms
                $0.status = "finished"
                $0.staff = r.string("staffID") ?? $0.staff
            }
        case "visitNoShow": visit(r) { $0.status = "noShow" }
        case "visitCancelled": visit(r) { $0.status = "cancelled" }
        case "visitTransferred":
            visit(r) {
                $0.service = r.string("toService") ?? $0.service
                $0.transfers += 1
                $0.status = "waiting"
            }
        case "ratingRecorded":
            visit(r) {
                $0.rating = r.int("level") ?? 0
                if $0.service.isEmpty { $0.service = r.string("serviceID") ?? "" }
            }
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
        if !order.isEmpty {
            let v = order.map { visits[$0]! }
            try await c.query(
                """
                INSERT INTO visits AS v (hall_id, visit_id, day, service_id, priority, issued_at, called_at, started_at, finished_at,
                    status, window_no, staff_id, transfers, recalls, rating, last_seq)
                SELECT \(hallID), u.id, u.day::date, NULLIF(u.service, ''), NULLIF(u.priority, ''), county_ms(u.issued),
                    county_ms(u.called), county_ms(u.started), county_ms(u.finished), NULLIF(u.status, ''), NULLIF(u.win, -1),
                    NULLIF(u.staff, ''), u.transfers, u.recalls, NULLIF(u.rating, 0), u.seq
                FROM unnest(\(order)::text[], \(v.map(\.day))::text[], \(v.map(\.service))::text[], \(v.map(\.priority))::text[],
                    \(v.map(\.issued))::bigint[], \(v.map(\.called))::bigint[], \(v.map(\.started))::bigint[], \(v.map(\.finished))::bigint[],
                    \(v.map(\.status))::text[], \(v.map(\.window))::int[], \(v.map(\.staff))::text[], \(v.map(\.transfers))::int[],
                    \(v.map(\.recalls))::int[], \(v.map(\.rating))::int[], \(v.map(\.lastSeq))::bigint[])
                    AS u(id, day, service, priority, issued, called, started, finished, status, win, staff, transfers, recalls, rating, seq)
                ON CONFLICT (hall_id, visit_id) DO UPDATE SET
                    service_id = COALESCE(EXCLUDED.service_id, v.service_id),
                    priority = COALESCE(EXCLUDED.priority, v.priority),
                    issued_at = COALESCE(v.issued_at, EXCLUDED.issued_at),
                    called_at = COALESCE(v.called_at, EXCLUDED.called_at),
                    started_at = COALESCE(v.started_at, EXCLUDED.started_at),
                    finished_at = COALESCE(EXCLUDED.finished_at, v.finished_at),
                    status = COALESCE(EXCLUDED.status, v.status),
                    window_no = COALESCE(EXCLUDED.window_no, v.window_no),
                    staff_id = COALESCE(EXCLUDED.staff_id, v.staff_id),
                    transfers = v.transfers + EXCLUDED.transfers,
                    recalls = v.recalls + EXCLUDED.recalls,
                    rating = COALESCE(EXCLUDED.rating, v.rating),
                    last_seq = EXCLUDED.last_seq
                """, logger: logger)
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
