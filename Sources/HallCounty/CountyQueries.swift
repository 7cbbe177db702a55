import Foundation
import Logging
import PostgresNIO

/// One hall as the county sees it today.
public struct CountyHallToday: Sendable, Codable, Hashable {
    public var hallID: String
    public var name: String
    public var nameEn: String
    /// The hall's current day (its last `dayStarted`), `YYYY-MM-DD`.
    public var day: String?
    /// `open` (a window open), `closed`, or `silent` (no word from the hall for two minutes or more).
    public var state: String
    public var waiting: Int
    public var openWindows: Int
    /// Seconds the longest-waiting visitor has waited by the hall's own clock at `asOf`, 0 when
    /// nobody waits.
    public var longestWaitSeconds: Int
    /// The instant on the HALL's clock the figures stand at (ms since 1970): its clock now (as it
    /// last told the county, run on since), or, for a silent hall, when it was last heard — its
    /// waits are not counted up while nothing is known of it. Nil before the hall sent anything.
    public var asOf: Int64?
    public var visitsToday: Int
    /// When the latest forwarded entry happened in the hall (ms since 1970), nil before the first.
    public var lastEventAt: Int64?
    /// When the hall last reached the county (ms since 1970).
    public var lastContactAt: Int64?
    public var forwardedSeq: Int64
}

/// One line of a comparison: a hall, a service or a month.
public struct CountyFigures: Sendable, Codable, Hashable {
    public var key: String
    public var label: String
    public var visits: Int
    public var finished: Int
    public var noShows: Int
    public var cancelled: Int
    public var transferred: Int
    public var rated: Int
    /// Rated 基本满意 or better: the hall's own monthly report's 满意率 counts these among the rated.
    public var satisfied: Int
    /// Rated 不满意 or 非常不满意.
    public var bad: Int
    public var averageWaitSeconds: Int
    /// The monthly report's figures of the line (outcomes, cases on time, follow-ups, complaints),
    /// when asked for (the comparisons of the county's page).
    public var report: CountyReportFigures?
    /// satisfied / rated (the monthly report's 满意率), 0 when nothing was rated.
    public var satisfactionRate: Double { rated == 0 ? 0 : Double(satisfied) / Double(rated) }

    enum CodingKeys: String, CodingKey {
        case key, label, visits, finished, noShows, cancelled, transferred, rated, satisfied, bad, averageWaitSeconds, satisfactionRate
        case report
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(label, forKey: .label)
        try c.encode(visits, forKey: .visits)
        try c.encode(finished, forKey: .finished)
        try c.encode(noShows, forKey: .noShows)
        try c.encode(cancelled, forKey: .cancelled)
        try c.encode(transferred, forKey: .transferred)
        try c.encode(rated, forKey: .rated)
        try c.encode(satisfied, forKey: .satisfied)
        try c.encode(bad, forKey: .bad)
        try c.encode(averageWaitSeconds, forKey: .averageWaitSeconds)
        try c.encode((satisfactionRate * 1000).rounded() / 1000, forKey: .satisfactionRate)
        try c.encodeIfPresent(report, forKey: .report)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        label = try c.decode(String.self, forKey: .label)
        visits = try c.decode(Int.self, forKey: .visits)
        finished = try c.decode(Int.self, forKey: .finished)
        noShows = try c.decode(Int.self, forKey: .noShows)
        cancelled = try c.decode(Int.self, forKey: .cancelled)
        transferred = try c.decode(Int.self, forKey: .transferred)
        rated = try c.decode(Int.self, forKey: .rated)
        satisfied = try c.decode(Int.self, forKey: .satisfied)
        bad = try c.decode(Int.self, forKey: .bad)
        averageWaitSeconds = try c.decode(Int.self, forKey: .averageWaitSeconds)
        report = try c.decodeIfPresent(CountyReportFigures.self, forKey: .report)
    }

    init(
        key: String, label: String, visits: Int, finished: Int, noShows: Int, cancelled: Int, transferred: Int, rated: Int,
        satisfied: Int, bad: Int, averageWaitSeconds: Int
    ) {
        self.key = key
        self.label = label
        self.visits = visits
        self.finished = finished
        self.noShows = noShows
        self.cancelled = cancelled
        self.transferred = transferred
        self.rated = rated
        self.satisfied = satisfied
        self.bad = bad
        self.averageWaitSeconds = averageWaitSeconds
    }
}

/// A calendar month, `2026-11`.
public struct CountyMonth: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            (1...12).contains(m),
            (2000...2999).contains(y)
        else { return nil }
        year = y
        month = m
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    var first: String { String(format: "%04d-%02d-01", year, month) }
    var next: String { month == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, month + 1) }
}

/// What the county's pages and reports read: every number comes from the projections the halls'
/// forwarded journals built (`visits`, `visit_figures`, `windows`, `halls`, …).
public struct CountyQueries: Sendable {
    let client: CountyReader
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = CountyReader(source: .pool(client))
        self.logger = logger
    }

    init(reader: CountyReader, logger: Logger) {
        self.client = reader
        self.logger = logger
    }

    /// A hall that has not reached the county for this long is shown as silent.
    public static let silentAfterSeconds = 120

    public func halls() async throws -> [CountyHallToday] {
        // The hall's clock now: the clock it sent with its last contact, run on by the county's
        // time since (seconds while it is in touch); for a silent hall, the clock it last sent. Never
        // before its latest event (a hall that sent no clock is measured to its latest event). The
        // county's own `now()` never meets the hall's time stamps: a hall whose clock differs (a demo
        // hall, a clock set wrong) shows the waits it has, not the gap between the two clocks.
        let silent = Int64(Self.silentAfterSeconds)
        let rows = try await client.query(
            """
            WITH t AS (
                SELECT h.*, COALESCE(extract(epoch FROM now() - h.last_contact_at)::bigint, 1000000000) AS silence FROM halls h
            ), c AS (
                SELECT t.*, GREATEST(t.last_event_at,
                    CASE WHEN t.silence >= \(silent) THEN t.hall_clock_at ELSE t.hall_clock_at + (now() - t.last_contact_at) END) AS hall_now
                FROM t
            )
            SELECT c.hall_id, c.name_zh, c.name_en, c.day::text, c.forwarded_seq,
                (extract(epoch FROM c.last_event_at) * 1000)::bigint,
                (extract(epoch FROM c.last_contact_at) * 1000)::bigint, c.silence, (extract(epoch FROM c.hall_now) * 1000)::bigint,
                (SELECT count(*) FROM windows w WHERE w.hall_id = c.hall_id AND w.status = 'open'),
                (SELECT count(*) FROM visits v WHERE v.hall_id = c.hall_id AND v.day = c.day AND v.status = 'waiting'),
                COALESCE((SELECT floor(extract(epoch FROM c.hall_now - min(v.issued_at)))::bigint FROM visits v
                    WHERE v.hall_id = c.hall_id AND v.day = c.day AND v.status = 'waiting'), 0),
                (SELECT count(*) FROM visits v WHERE v.hall_id = c.hall_id AND v.day = c.day)
            FROM c ORDER BY c.hall_id
            """, logger: logger)
        var result: [CountyHallToday] = []
        for try await (id, zh, en, day, seq, lastEvent, lastContact, silence, asOf, open, waiting, longest, today) in rows.decode(
            (String, String, String, String?, Int64, Int64?, Int64?, Int64, Int64?, Int64, Int64, Int64, Int64).self)
        {
            let state = silence >= silent ? "silent" : open > 0 ? "open" : "closed"
            result.append(
                CountyHallToday(
                    hallID: id, name: zh.isEmpty ? id : zh, nameEn: en.isEmpty ? id : en, day: day, state: state, waiting: Int(waiting),
                    openWindows: Int(open), longestWaitSeconds: Int(max(0, longest)), asOf: asOf, visitsToday: Int(today),
                    lastEventAt: lastEvent, lastContactAt: lastContact, forwardedSeq: seq))
        }
        return result
    }

    /// How a comparison is grouped.
    public enum Grouping: String, Sendable, CaseIterable {
        case hall, service, month
        /// One line: everything together.
        case total
    }

    /// The figures of `month` grouped by hall or service, or (by month) the twelve months of its year;
    /// `hall` limits them to one hall.
    public func compare(month: CountyMonth, by grouping: Grouping, hall: String? = nil) async throws -> [CountyFigures] {
        let from = grouping == .month ? String(format: "%04d-01-01", month.year) : month.first
        let to = grouping == .month ? String(format: "%04d-01-01", month.year + 1) : month.next
        let key: String =
            switch grouping {
            case .hall: "v.hall_id"
            case .service: "v.service_id"
            case .month: "to_char(v.day, 'YYYY-MM')"
            case .total: "'total'::text"
            }
        let label: String =
            switch grouping {
            case .hall: "COALESCE(NULLIF(max(h.name_zh), ''), v.hall_id)"
            case .service:
                "COALESCE((SELECT s->'name'->>'zh' FROM halls h2, jsonb_array_elements(h2.profile->'services') s WHERE s->>'id' = v.service_id LIMIT 1), v.service_id)"
            case .month: "to_char(v.day, 'YYYY-MM')"
            case .total: "'全县合计'::text"
            }
        let group =
            switch grouping {
            case .total: "()"
            default: key
            }
        let hallFilter = hall ?? ""
        // From the `visit_figures` projection (per hall, day and service), not from the visits.
        let sql = """
            SELECT \(key) AS k, \(label),
                sum(v.issued)::bigint, sum(v.served)::bigint, sum(v.no_shows)::bigint, sum(v.cancelled)::bigint,
                sum(v.transferred)::bigint, sum(v.rated)::bigint, sum(v.level_5 + v.level_4 + v.level_3)::bigint, sum(v.level_2 + v.level_1)::bigint,
                COALESCE(round(sum(v.wait_ms)::numeric / NULLIF(sum(v.waits), 0) / 1000), 0)::bigint
            FROM visit_figures v JOIN halls h ON h.hall_id = v.hall_id
            WHERE v.day >= $1::date AND v.day < $2::date AND ($3 = '' OR v.hall_id = $3)
            GROUP BY \(group) HAVING sum(v.issued) > 0 ORDER BY 1
            """
        var bindings = PostgresBindings()
        bindings.append(from)
        bindings.append(to)
        bindings.append(hallFilter)
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var result: [CountyFigures] = []
        for try await (k, l, visits, finished, noShow, cancelled, transferred, rated, satisfied, bad, wait) in rows.decode(
            (String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
        {
            result.append(
                CountyFigures(
                    key: k, label: l, visits: Int(visits), finished: Int(finished), noShows: Int(noShow), cancelled: Int(cancelled),
                    transferred: Int(transferred), rated: Int(rated), satisfied: Int(satisfied), bad: Int(bad),
                    averageWaitSeconds: Int(wait)))
        }
        return result
    }

    /// The county monthly report: every hall's figures for `month` and the county's total.
    public func monthlyReport(month: CountyMonth, hall: String? = nil) async throws -> CountyMonthlyReport {
        let halls = try await compare(month: month, by: .hall, hall: hall)
        let services = try await compare(month: month, by: .service, hall: hall)
        let total =
            try await compare(month: month, by: .total, hall: hall).first
            ?? CountyFigures(
                key: "total", label: "全县合计", visits: 0, finished: 0, noShows: 0, cancelled: 0, transferred: 0, rated: 0, satisfied: 0,
                bad: 0,
                averageWaitSeconds: 0)
        return CountyMonthlyReport(month: month.description, halls: halls, services: services, total: total)
    }
}

/// The county's monthly report (按月汇总各乡镇便民服务中心办件情况).
public struct CountyMonthlyReport: Sendable, Codable, Hashable {
    public var month: String
    public var halls: [CountyFigures]
    public var services: [CountyFigures]
    public var total: CountyFigures

    /// The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese).
    public var csv: String {
        var lines = [
            "\u{FEFF}乡镇/Hall,服务量/Visits,办结/Finished,过号/No-shows,取消/Cancelled,转办/Transferred,评价/Rated,满意/Satisfied,差评/Bad,满意率/Satisfaction,平均等候秒/Avg wait s"
        ]
        for row in halls + [total] {
            let label =
                row.label.contains(",") || row.label.contains("\"")
                ? "\"\(row.label.replacingOccurrences(of: "\"", with: "\"\""))\"" : row.label
            lines.append(
                "\(label),\(row.visits),\(row.finished),\(row.noShows),\(row.cancelled),\(row.transferred),\(row.rated),\(row.satisfied),\(row.bad),\(String(format: "%.3f", row.satisfactionRate)),\(row.averageWaitSeconds)"
            )
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
