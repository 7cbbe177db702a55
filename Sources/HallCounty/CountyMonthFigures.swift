import Foundation
import HallCore
import HallReports
import HallStore
import PostgresNIO

/// The figures of one row of the county monthly report, added up from the projections: a hall, a
/// service of the county, or the county. Each column is counted as ``MonthlyReport`` counts it over
/// the row's visits, cases, follow-ups, complaints and appointments.
struct CountyRowFigures {
    /// `visit_figures`' counters (``CountyProjection/counters``).
    var counts = [Int64](repeating: 0, count: CountyProjection.counters.count)
    /// Waits by ``CountyProjection/VisitRow/waitMinute``.
    var minutes: [Int: Int64] = [:]
    /// Cases accepted, finished, on time, overdue, extended (``CaseCounts``).
    var cases = [Int64](repeating: 0, count: 5)
    var complaints: Int64 = 0
    var complaintsOnTime: Int64 = 0
    /// Appointments booked, checked in, missed.
    var appointments = [Int64](repeating: 0, count: 3)
    /// The median wait in seconds, once found (``CountyMonthFigures/medians``).
    var medianSeconds: Int?

    mutating func add(_ other: CountyRowFigures) {
        for i in counts.indices { counts[i] += other.counts[i] }
        for (minute, n) in other.minutes { minutes[minute, default: 0] += n }
        for i in cases.indices { cases[i] += other.cases[i] }
        complaints += other.complaints
        complaintsOnTime += other.complaintsOnTime
        for i in appointments.indices { appointments[i] += other.appointments[i] }
    }

    func count(_ name: String) -> Int { Int(counts[CountyProjection.counter(name)]) }

    /// The rank of the median among the waits (nearest rank, as ``PeriodFigures/percentile(_:_:)``).
    var medianRank: Int? {
        let n = count("waits")
        guard n > 0 else { return nil }
        return min(max(Int((0.5 * Double(n)).rounded(.up)), 1), n)
    }

    /// The minute that holds the median and its rank within that minute.
    var medianMinute: (minute: Int, rank: Int)? {
        guard var rank = medianRank else { return nil }
        for minute in minutes.keys.sorted() {
            let n = Int(minutes[minute] ?? 0)
            if rank <= n { return (minute, rank) }
            rank -= n
        }
        return nil
    }

    /// The row's cells under the monthly report's columns (`key` and `name` given in `lead`).
    func row(lead: [ReportValue], columns: [ReportColumn], waitTargetMinutes: Int) -> [ReportValue] {
        func rate(_ part: Int, _ whole: Int) -> ReportValue { .rate(PeriodFigures.rate(part, whole)) }
        let done = count("outcome_settled") + count("outcome_accepted") + count("outcome_proxy")
        let applications = done + count("outcome_papersMissing") + count("outcome_refused")
        let bad = RatingLevel.allCases.filter(\.isBad).reduce(0) { $0 + count("level_\($1.rawValue)") }
        let over = minutes.filter { $0.key > waitTargetMinutes }.reduce(Int64(0)) { $0 + $1.value }
        let serviceMs = counts[CountyProjection.counter("service_ms")]
        let services = count("services")
        let averageService = services > 0 ? Int((Double(serviceMs) / 1000 / Double(services)).rounded()) : nil
        var cells: [String: ReportValue] = [
            "issued": .count(count("issued")), "served": .count(count("served")), "no_shows": .count(count("no_shows")),
            "appointments": .count(count("appointments")), "one_visit_rate": rate(done, applications),
            "cases_accepted": .count(Int(cases[0])), "cases_finished": .count(Int(cases[1])), "cases_on_time": .count(Int(cases[2])),
            "cases_overdue": .count(Int(cases[3])), "cases_extended": .count(Int(cases[4])),
            "on_time_rate": rate(Int(cases[2]), Int(cases[1])),
            "wait_p50_minutes": .minutes(medianSeconds.map { Double($0) / 60 }), "wait_over_target_rate": rate(Int(over), count("waits")),
            "service_average_minutes": .minutes(averageService.map { Double($0) / 60 }), "rated": .count(count("rated")),
            "satisfaction_rate": rate(count("rated") - bad, count("rated")), "bad_ratings": .count(bad),
            "bad_reason_pending": .count(count("bad_pending")), "bad_followed_up_rate": rate(count("bad_followed_up"), bad),
            "bad_closed_rate": rate(count("bad_closed"), bad), "complaints": .count(Int(complaints)),
            "complaints_replied_on_time": .count(Int(complaintsOnTime)), "appointments_booked": .count(Int(appointments[0])),
            "appointments_checked_in": .count(Int(appointments[1])), "appointments_missed": .count(Int(appointments[2])),
        ]
        for kind in VisitOutcome.Kind.allCases { cells["outcome_\(kind.rawValue)"] = .count(count("outcome_\(kind.rawValue)")) }
        for level in RatingLevel.allCases { cells[MonthlyReport.levelKey(level)] = .count(count("level_\(level.rawValue)")) }
        // A column the county does not know yet shows as such rather than as a figure.
        return lead + columns.dropFirst(lead.count).map { cells[$0.key] ?? .text("?") }
    }
}

/// The county monthly report of a month from the projections: per hall and service the sums of
/// `visit_figures` and `visit_wait_minutes`, the cases, complaints and appointments counted in SQL,
/// and each row's median wait ranked in SQL within the one minute of waits that holds it.
struct CountyMonthFigures {
    struct Key: Hashable {
        var hall: String
        var service: String
    }

    /// A row of the report: one hall, one service of the county, or the county.
    enum Row: Hashable {
        case hall(String)
        case service(String)
        case total

        func contains(_ key: Key) -> Bool {
            switch self {
            case .hall(let id): key.hall == id
            case .service(let id): key.service == id
            case .total: true
            }
        }
    }

    var byKey: [Key: CountyRowFigures] = [:]
    var daily: [LocalDate: Int] = [:]
    /// The median wait in seconds of each hall's row, each service's and the county's.
    var medians: [Row: Int] = [:]

    /// What one of the month's queries found, merged into the figures once all have answered.
    private enum Part: Sendable {
        /// `visit_figures` and `visit_wait_minutes`, and the medians found from them.
        case waits(CountyMonthFigures)
        case daily([(LocalDate, Int)])
        case cases([(Key, [Int64])])
        case complaints([(Key, Int64, Int64)])
        case appointments([(Key, [Int64])])
    }

    /// Reads the month's figures of `halls` (id and UTC offset). The queries are independent of one
    /// another and run at once (on a pool, each on a connection of its own); the medians follow the
    /// counts and the minutes of waits while the cases, complaints and appointments are counted.
    static func read(month: ReportMonth, halls: [(id: String, utcOffsetMinutes: Int)], queries: CountyQueries) async throws
        -> CountyMonthFigures
    {
        let ids = halls.map(\.id)
        let first = month.first.description
        let last = month.last.description
        let client = queries.client
        let logger = queries.logger
        let offsets = halls.map(\.utcOffsetMinutes)
        let spans = halls.map { month.span(utcOffsetMinutes: $0.utcOffsetMinutes) }
        let earliest = spans.map(\.start).min() ?? Date()
        let latest = spans.map(\.end).max() ?? Date()
        let starts = spans.map(\.start.countyMillis)
        let ends = spans.map(\.end.countyMillis)
        let parts = try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask {
                async let counts = Self.counts(ids: ids, first: first, last: last, client: client, logger: logger)
                async let minutes = Self.minutes(ids: ids, month: first, client: client, logger: logger)
                var waits = CountyMonthFigures()
                for (key, values) in try await counts { waits.byKey[key, default: CountyRowFigures()].counts = values }
                for (key, minute, n) in try await minutes { waits.byKey[key, default: CountyRowFigures()].minutes[minute] = n }
                let rows: [Row] = ids.map(Row.hall) + Set(waits.byKey.keys.map(\.service)).sorted().map(Row.service) + [.total]
                waits.medians = try await medians(rows.map { ($0, waits.sum($0)) }, month: month, halls: ids, queries: queries)
                return .waits(waits)
            }
            group.addTask {
                var days: [(LocalDate, Int)] = []
                for try await (day, issued) in try await client.query(
                    """
                    SELECT day::text, sum(issued)::bigint FROM visit_figures WHERE hall_id = ANY(\(ids)) AND day >= \(first)::date AND day <= \(last)::date
                    GROUP BY day
                    """, logger: logger
                ).decode((String, Int64).self) {
                    if let day = LocalDate(day) { days.append((day, Int(issued))) }
                }
                return .daily(days)
            }
            // Cases touching the month (accepted before its end, not finished before its start), each
            // hall's days in its own UTC offset, counted as ``CaseCounts`` counts them. The month's
            // first and last day are made dates once (`b`: a text cast to a date is not folded into a
            // constant, and was parsed again for every case and every count), and each case's local
            // days once (`d`).
            group.addTask {
                var rows: [(Key, [Int64])] = []
                for try await (hall, service, counts) in try await client.query(
                    """
                    WITH b AS MATERIALIZED (SELECT \(first)::date AS first, \(last)::date AS last),
                    h AS (SELECT hall_id, make_interval(mins => off) AS shift FROM unnest(\(ids)::text[], \(offsets)::int[]) AS h(hall_id, off)),
                    c AS (
                        SELECT c.hall_id, COALESCE(c.service_id, '') AS service_id, c.promised, c.original_promised,
                            ((c.accepted_at AT TIME ZONE 'UTC') + h.shift)::date AS acc,
                            CASE WHEN c.finished_at = 'infinity' THEN NULL ELSE ((c.finished_at AT TIME ZONE 'UTC') + h.shift)::date END AS fin
                        FROM cases c JOIN h USING (hall_id)
                        WHERE c.record IS NOT NULL AND tstzrange(c.accepted_at, c.finished_at, '[]')
                            && tstzrange(county_ms(\(earliest.countyMillis)), county_ms(\(latest.countyMillis)), '[)')
                    ),
                    d AS MATERIALIZED (SELECT c.*, b.first, b.last FROM c CROSS JOIN b WHERE c.acc <= b.last AND (c.fin IS NULL OR c.fin >= b.first))
                    SELECT hall_id, service_id, ARRAY[
                        count(*) FILTER (WHERE acc >= first),
                        count(*) FILTER (WHERE fin >= first AND fin <= last),
                        count(*) FILTER (WHERE fin >= first AND fin <= last AND fin <= promised),
                        count(*) FILTER (WHERE (fin >= first AND fin <= last AND fin > promised)
                            OR (fin IS NULL AND promised < last) OR (fin > last AND promised < last)),
                        count(*) FILTER (WHERE fin >= first AND fin <= last AND promised <> original_promised)]::bigint[]
                    FROM d GROUP BY hall_id, service_id
                    """, logger: logger
                ).decode((String, String, [Int64]).self) {
                    rows.append((Key(hall: hall, service: service), counts))
                }
                return .cases(rows)
            }
            // Complaints made in the month, by the service of the visit their ticket names (that day's
            // ticket of that number); replied on time when replied by the due day (local).
            group.addTask {
                var rows: [(Key, Int64, Int64)] = []
                for try await (hall, service, count, onTime) in try await client.query(
                    """
                    WITH h AS (SELECT * FROM unnest(\(ids)::text[], \(offsets)::int[], \(starts)::bigint[], \(ends)::bigint[]) AS h(hall_id, off, s, e))
                    SELECT c.hall_id, COALESCE(v.service_id, ''), count(*)::bigint,
                        count(*) FILTER (WHERE ((c.replied_at AT TIME ZONE 'UTC') + make_interval(mins => h.off))::date <= c.due)::bigint
                    FROM complaints c JOIN h USING (hall_id)
                    LEFT JOIN LATERAL (
                        SELECT v.service_id FROM visits v
                        WHERE v.hall_id = c.hall_id AND v.day = ((c.submitted_at AT TIME ZONE 'UTC') + make_interval(mins => h.off))::date
                            AND v.number = c.ticket AND v.issued_at IS NOT NULL
                        ORDER BY v.issued_seq LIMIT 1
                    ) v ON true
                    WHERE c.submitted_at >= county_ms(h.s) AND c.submitted_at < county_ms(h.e)
                    GROUP BY 1, 2
                    """, logger: logger
                ).decode((String, String, Int64, Int64).self) {
                    rows.append((Key(hall: hall, service: service), count, onTime))
                }
                return .complaints(rows)
            }
            group.addTask {
                var rows: [(Key, [Int64])] = []
                for try await (hall, service, counts) in try await client.query(
                    """
                    SELECT hall_id, service_id, ARRAY[count(*), count(*) FILTER (WHERE status = 'checkedIn'), count(*) FILTER (WHERE status = 'missed')]::bigint[]
                    FROM appointments WHERE hall_id = ANY(\(ids)) AND day >= \(first)::date AND day <= \(last)::date AND status <> 'cancelled'
                    GROUP BY hall_id, service_id
                    """, logger: logger
                ).decode((String, String, [Int64]).self) {
                    rows.append((Key(hall: hall, service: service), counts))
                }
                return .appointments(rows)
            }
            var parts: [Part] = []
            for try await part in group { parts.append(part) }
            return parts
        }
        var result = CountyMonthFigures()
        for part in parts {
            switch part {
            case .waits(let waits):
                for (key, figures) in waits.byKey {
                    result.byKey[key, default: CountyRowFigures()].counts = figures.counts
                    result.byKey[key, default: CountyRowFigures()].minutes = figures.minutes
                }
                result.medians = waits.medians
            case .daily(let days): for (day, issued) in days { result.daily[day] = issued }
            case .cases(let rows): for (key, counts) in rows { result.byKey[key, default: CountyRowFigures()].cases = counts }
            case .complaints(let rows):
                for (key, count, onTime) in rows {
                    result.byKey[key, default: CountyRowFigures()].complaints = count
                    result.byKey[key, default: CountyRowFigures()].complaintsOnTime = onTime
                }
            case .appointments(let rows): for (key, counts) in rows { result.byKey[key, default: CountyRowFigures()].appointments = counts }
            }
        }
        return result
    }

    /// `visit_figures`' counters of the month per hall and service.
    private static func counts(ids: [String], first: String, last: String, client: CountyReader, logger: Logger) async throws
        -> [(Key, [Int64])]
    {
        let columns = CountyProjection.counters.map { "sum(\($0))::bigint" }.joined(separator: ", ")
        var binds = PostgresBindings()
        binds.append(ids)
        binds.append(first)
        binds.append(last)
        var rows: [(Key, [Int64])] = []
        for try await (hall, service, counts) in try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT hall_id, service_id, ARRAY[\(columns)] FROM visit_figures
                    WHERE hall_id = ANY($1) AND day >= $2::date AND day <= $3::date GROUP BY hall_id, service_id
                    """, binds: binds), logger: logger
        ).decode((String, String, [Int64]).self) {
            rows.append((Key(hall: hall, service: service), counts))
        }
        return rows
    }

    /// The month's waits by minute per hall and service (`visit_wait_minutes`).
    private static func minutes(ids: [String], month: String, client: CountyReader, logger: Logger) async throws -> [(Key, Int, Int64)] {
        var rows: [(Key, Int, Int64)] = []
        for try await (hall, service, minute, n) in try await client.query(
            "SELECT hall_id, service_id, minute, n FROM visit_wait_minutes WHERE hall_id = ANY(\(ids)) AND month = \(month)::date AND n <> 0",
            logger: logger
        ).decode((String, String, Int, Int64).self) {
            rows.append((Key(hall: hall, service: service), minute, n))
        }
        return rows
    }

    /// The figures of the rows whose keys `row` contains, added up.
    func sum(_ row: Row) -> CountyRowFigures {
        var total = CountyRowFigures()
        for (key, figures) in byKey where row.contains(key) { total.add(figures) }
        return total
    }

    /// Fills in each row's median wait, ranked in SQL: among the waits of the row in the minute that
    /// holds its median (``CountyRowFigures/medianMinute``), the visits whose wait in ms is the
    /// median's — usually one, all of them when several waited the same. Their waits are then
    /// reckoned in seconds as the hall reckons them (``VisitRecord/waitSeconds``) and ranked among
    /// themselves, so the median is the hall's to the last rounding.
    static func medians(_ rows: [(row: Row, figures: CountyRowFigures)], month: ReportMonth, halls: [String], queries: CountyQueries)
        async throws -> [Row: Int]
    {
        var wanted: [(index: Int, kind: String, key: String, minute: Int, rank: Int)] = []
        for (i, row) in rows.enumerated() {
            guard let (minute, rank) = row.figures.medianMinute else { continue }
            switch row.row {
            case .hall(let id): wanted.append((i, "hall", id, minute, rank))
            case .service(let id): wanted.append((i, "service", id, minute, rank))
            case .total: wanted.append((i, "total", "", minute, rank))
            }
        }
        guard !wanted.isEmpty else { return [:] }
        // Each kind of row ranks only the visits of the minutes its rows want (a hall's row its own
        // hall's visits of its median minute), then keeps the visits that tie with the median.
        var ties: [Int: (rank: Int, waits: [Double])] = [:]
        for try await (index, tieRank, issued, called) in try await queries.client.query(
            """
            WITH w AS (SELECT * FROM unnest(\(wanted.map(\.index))::int[], \(wanted.map(\.kind))::text[], \(wanted.map(\.key))::text[],
                    \(wanted.map(\.minute))::int[], \(wanted.map(\.rank))::int[]) AS w(i, kind, key, minute, rank)),
            v AS MATERIALIZED (
                SELECT hall_id, COALESCE(service_id, '') AS service_id, wait_minute AS minute, wait_ms, issued_at, called_at FROM visits
                WHERE month = \(month.first.description)::date AND wait_minute = ANY(\(Array(Set(wanted.map(\.minute))))) AND wait_ms IS NOT NULL
                    AND hall_id = ANY(\(halls))
            ),
            ranked AS (
                SELECT 'hall' AS kind, hall_id AS key, minute, wait_ms, issued_at, called_at,
                    rank() OVER (PARTITION BY hall_id, minute ORDER BY wait_ms) AS r, count(*) OVER (PARTITION BY hall_id, minute, wait_ms) AS n
                FROM v WHERE (hall_id, minute) IN (SELECT key, minute FROM w WHERE kind = 'hall')
                UNION ALL
                SELECT 'service', service_id, minute, wait_ms, issued_at, called_at,
                    rank() OVER (PARTITION BY service_id, minute ORDER BY wait_ms), count(*) OVER (PARTITION BY service_id, minute, wait_ms)
                FROM v WHERE (service_id, minute) IN (SELECT key, minute FROM w WHERE kind = 'service')
                UNION ALL
                SELECT 'total', '', minute, wait_ms, issued_at, called_at,
                    rank() OVER (PARTITION BY minute ORDER BY wait_ms), count(*) OVER (PARTITION BY minute, wait_ms)
                FROM v WHERE minute IN (SELECT minute FROM w WHERE kind = 'total')
            )
            SELECT w.i, r.r::int, (extract(epoch FROM r.issued_at) * 1000)::bigint, (extract(epoch FROM r.called_at) * 1000)::bigint
            FROM w JOIN ranked r ON r.kind = w.kind AND r.key = w.key AND r.minute = w.minute AND r.r <= w.rank AND w.rank < r.r + r.n
            """, logger: queries.logger
        ).decode((Int, Int, Int64, Int64).self) {
            ties[index, default: (tieRank, [])].waits.append(Date(millis: called).timeIntervalSince(Date(millis: issued)))
        }
        var result: [Row: Int] = [:]
        for (index, _, _, _, rank) in wanted {
            guard let (tieRank, waits) = ties[index] else { continue }
            let sorted = waits.sorted()
            let at = rank - tieRank
            guard sorted.indices.contains(at) else { continue }
            result[rows[index].row] = Int(sorted[at].rounded())
        }
        return result
    }
}
