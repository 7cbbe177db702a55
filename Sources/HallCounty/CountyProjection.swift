import Foundation
import HallCore
import HallStore
import Logging
import PostgresNIO

/// The county's projections of one hall, kept at ingest in the transaction that inserts a batch's
/// events (``CountyIngest``), from the entries that batch actually added (those above the hall's
/// mark): a batch sent twice adds nothing to them, as it adds no event.
///
/// - `visits`: one row per visit with every field the monthly report's ledger folds, folded the
///   ledger's way (``PeriodLedger``); what arrives after the local midnight ending the visit's
///   month is left out, as the hall's report of that month leaves it out.
/// - `visit_figures`: per hall × day × service the counts the reports add up (visits, outcomes,
///   ratings, bad ratings followed up and closed by the month's end, waits and service times as
///   sums), kept by subtracting what each touched visit counted before and adding what it counts now.
/// - `visit_wait_minutes`: per hall × month × service the waits by started minute (⌈wait/60 s⌉), for
///   the share over any wait target and to find the minute that holds a median.
/// - `cases`, `follow_ups`, `complaints`, `appointments`: each record as the hall's own books keep
///   it (``CaseBook``, ``FollowUpBook``, ``ComplaintBook``, ``AppointmentBook`` applied to the stored
///   record), with the columns the reports filter on.
struct CountyProjection {
    let hallID: String
    let utcOffsetMinutes: Int
    let logger: Logger

    /// The counters of `visit_figures`, in the order of its columns (and of ``VisitRow/counts``).
    static let counters: [String] =
        ["issued", "served", "no_shows", "cancelled", "transferred", "appointments"]
        + VisitOutcome.Kind.allCases.map { "outcome_\($0.rawValue)" } + ["rated"]
        + RatingLevel.allCases.map { "level_\($0.rawValue)" }
        + ["bad_pending", "bad_followed_up", "bad_closed", "waits", "wait_ms", "services", "service_ms"]
    static func counter(_ name: String) -> Int { counters.firstIndex(of: name)! }

    /// One visit as the `visits` projection keeps it (times in ms since 1970, 0 for none).
    struct VisitRow {
        var id: String
        var number = ""
        var day: LocalDate
        var service = ""
        var priority = ""
        var status = ""
        var issued: Int64 = 0
        var called: Int64 = 0
        var started: Int64 = 0
        var finished: Int64 = 0
        var window: Int?
        var staff: String?
        var transfers = 0
        var recalls = 0
        var appointment = false
        var rating: Int?
        var reasonPending = false
        var outcome: String?
        /// The first step of the bad rating's follow-up after its opening, and its closing.
        var followedUp: Int64 = 0
        var followUpClosed: Int64 = 0
        var issuedSeq: Int64 = 0
        var lastSeq: Int64 = 0

        var waitMs: Int64? { issued > 0 && called > 0 ? called - issued : nil }
        /// The wait in seconds computed as the hall's report computes it (``VisitRecord/waitSeconds``).
        var waitSeconds: Double? { issued > 0 && called > 0 ? Date(millis: called).timeIntervalSince(Date(millis: issued)) : nil }
        /// The least whole minute the wait is not over: the wait is over a target of T minutes exactly
        /// when this is over T (compared in seconds as the hall compares).
        var waitMinute: Int? {
            waitSeconds.map { wait in
                var minute = Int((wait / 60).rounded(.up))
                if wait > Double(minute * 60) { minute += 1 }
                if wait <= Double((minute - 1) * 60) { minute -= 1 }
                return minute
            }
        }
        var serviceMs: Int64? {
            let start = started > 0 ? started : called
            return start > 0 && finished > 0 ? finished - start : nil
        }
        var month: LocalDate { LocalDate(year: day.year, month: day.month, day: 1) }

        /// What the visit adds to `visit_figures` (nil when it is not a visit of the reports: no ticket).
        func counts(monthEnd: Int64) -> [Int64]? {
            guard issued > 0 else { return nil }
            let at = CountyProjection.Index.shared
            var c = [Int64](repeating: 0, count: CountyProjection.counters.count)
            c[at.issued] = 1
            switch status {
            case "finished": c[at.served] = 1
            case "noShow": c[at.noShows] = 1
            case "cancelled": c[at.cancelled] = 1
            default: break
            }
            if transfers > 0 { c[at.transferred] = 1 }
            if appointment { c[at.appointments] = 1 }
            if let outcome, let i = at.outcome[outcome] { c[i] = 1 }
            if let rating, let i = at.level[rating] {
                c[at.rated] = 1
                c[i] = 1
                if RatingLevel(rawValue: rating)?.isBad == true {
                    if reasonPending { c[at.badPending] = 1 }
                    if followedUp > 0 && followedUp < monthEnd { c[at.badFollowedUp] = 1 }
                    if followUpClosed > 0 && followUpClosed < monthEnd { c[at.badClosed] = 1 }
                }
            }
            if let wait = waitMs {
                c[at.waits] = 1
                c[at.waitMs] = wait
            }
            if let service = serviceMs {
                c[at.services] = 1
                c[at.serviceMs] = service
            }
            return c
        }
    }

    /// Where each counter stands in ``counters``, looked up once.
    struct Index: Sendable {
        static let shared = Index()
        let issued = counter("issued"), served = counter("served"), noShows = counter("no_shows"), cancelled = counter("cancelled")
        let transferred = counter("transferred"), appointments = counter("appointments"), rated = counter("rated")
        let badPending = counter("bad_pending"), badFollowedUp = counter("bad_followed_up"), badClosed = counter("bad_closed")
        let waits = counter("waits"), waitMs = counter("wait_ms"), services = counter("services"), serviceMs = counter("service_ms")
        let outcome = Dictionary(uniqueKeysWithValues: VisitOutcome.Kind.allCases.map { ($0.rawValue, counter("outcome_\($0.rawValue)")) })
        let level = Dictionary(uniqueKeysWithValues: RatingLevel.allCases.map { ($0.rawValue, counter("level_\($0.rawValue)")) })
    }

    /// The instant (ms) the local month of `day` ends.
    func monthEnd(_ day: LocalDate) -> Int64 {
        LocalDate(year: day.year, month: day.month, day: LocalDate.daysIn(month: day.month, year: day.year)).adding(days: 1)
            .instant(minute: 0, utcOffsetMinutes: utcOffsetMinutes).countyMillis
    }

    /// `20261123-A001` → 2026-11-23, for a visit known only by later events; else the entry's local day.
    func day(of visitID: String, at: Date) -> LocalDate {
        let digits = visitID.prefix(8)
        if digits.count == 8, let n = Int(digits),
            let date = LocalDate(String(format: "%04d-%02d-%02d", n / 10_000, n / 100 % 100, n % 100))
        {
            return date
        }
        return LocalDate.local(at, utcOffsetMinutes: utcOffsetMinutes).date
    }

    // MARK: applying a batch

    static let visitTypes: Set<String> = [
        "ticketIssued", "visitCalled", "serviceStarted", "visitFinished", "visitNoShow", "visitTransferred", "visitHeld", "visitResumed",
        "visitCancelled", "ratingRecorded", "visitOutcome",
    ]

    /// Folds `records` (fresh, oldest first) into the projections on `c`.
    func apply(_ records: [CountyRecord], on c: PostgresConnection) async throws {
        var visitIDs: [String] = []
        var caseNumbers: Set<String> = []
        var followUpIDs: Set<String> = []
        var complaintRefs: Set<String> = []
        var appointmentRefs: Set<String> = []
        for r in records {
            if Self.visitTypes.contains(r.type), let id = r.string("visitID") { visitIDs.append(id) }
            if r.type.hasPrefix("case") || r.type == "visitOutcome", let number = r.string("caseNumber") { caseNumbers.insert(number) }
            if r.type.hasPrefix("followUp"), let id = r.string("id") {
                followUpIDs.insert(id)
                visitIDs.append(id)
            }
            if r.type.hasPrefix("complaint"), let ref = r.string("ref") { complaintRefs.insert(ref) }
            if r.type.hasPrefix("appointment"), let ref = r.string("ref") { appointmentRefs.insert(ref) }
        }
        if !visitIDs.isEmpty || !followUpIDs.isEmpty {
            try await applyVisits(records, ids: Array(Set(visitIDs)), followUpIDs: Array(followUpIDs), on: c)
        }
        if !caseNumbers.isEmpty { try await applyCases(records, numbers: Array(caseNumbers), on: c) }
        if !complaintRefs.isEmpty { try await applyComplaints(records, refs: Array(complaintRefs), on: c) }
        if !appointmentRefs.isEmpty { try await applyAppointments(records, refs: Array(appointmentRefs), on: c) }
    }

    private func applyVisits(_ records: [CountyRecord], ids: [String], followUpIDs: [String], on c: PostgresConnection) async throws {
        var rows: [String: VisitRow] = [:]
        for row in try await loadVisits(ids, on: c) { rows[row.id] = row }
        let before = rows
        var followUps = FollowUpBook(
            try await loadRecords("follow_ups", key: "id", ids: followUpIDs, as: FollowUp.self, on: c))
        var touched: [String] = []
        var seen: Set<String> = []
        for r in records {
            if r.type.hasPrefix("followUp") {
                guard let id = r.string("id"), case .followUp(let event) = r.accountabilityEvent else { continue }
                followUps.apply(event, at: r.at)
                guard var row = rows[id], let followUp = followUps[id] else { continue }
                row.followedUp = followUp.history.first { $0.kind != .opened }?.at.countyMillis ?? 0
                row.followUpClosed = followUp.closedAt?.countyMillis ?? 0
                rows[id] = row
                if seen.insert(id).inserted { touched.append(id) }
                continue
            }
            guard Self.visitTypes.contains(r.type), let id = r.string("visitID") else { continue }
            let ms = r.at.countyMillis
            if r.type == "ticketIssued" {
                var row = VisitRow(id: id, day: LocalDate.local(r.at, utcOffsetMinutes: utcOffsetMinutes).date)
                row.number = r.string("number") ?? ""
                row.service = r.string("serviceID") ?? ""
                row.priority = r.string("priority") ?? ""
                row.status = "waiting"
                row.issued = ms
                row.appointment = r.bool("appointment") ?? false
                row.issuedSeq = r.seq
                row.lastSeq = r.seq
                rows[id] = row
                if seen.insert(id).inserted { touched.append(id) }
                continue
            }
            var row = rows[id] ?? VisitRow(id: id, day: day(of: id, at: r.at))
            // The hall's report of the visit's month reads only that month's entries.
            if row.issued > 0 && ms >= monthEnd(row.day) { continue }
            switch r.type {
            case "visitCalled":
                row.status = "called"
                row.window = r.int("window") ?? row.window
                if row.called == 0 { row.called = ms }
                if r.bool("recall") == true { row.recalls += 1 }
            case "serviceStarted":
                row.status = "serving"
                row.window = r.int("window") ?? row.window
                if row.started == 0 { row.started = ms }
            case "visitFinished":
                row.status = "finished"
                row.window = r.int("window") ?? row.window
                row.staff = r.string("staffID")
                row.finished = ms
            case "visitNoShow": row.status = "noShow"
            case "visitTransferred":
                row.status = "waiting"
                row.service = r.string("toService") ?? row.service
                row.transfers += 1
            case "visitHeld": row.status = "held"
            case "visitResumed":
                row.status = "serving"
                if row.started == 0 { row.started = ms }
            case "visitCancelled": row.status = "cancelled"
            case "ratingRecorded":
                row.rating = r.int("level")
                row.reasonPending = r.bool("reasonPending") ?? false
                if row.service.isEmpty { row.service = r.string("serviceID") ?? "" }
            case "visitOutcome":
                row.outcome = r.string("outcome")
            default: break
            }
            row.lastSeq = r.seq
            rows[id] = row
            if seen.insert(id).inserted { touched.append(id) }
        }
        let changed = touched.compactMap { rows[$0] }
        try await writeVisits(changed, on: c)
        try await writeFigures(old: touched.compactMap { before[$0] }, new: changed, on: c)
        if !followUpIDs.isEmpty {
            try await writeFollowUps(followUpIDs.compactMap { followUps[$0] }, on: c)
        }
    }

    private func loadVisits(_ ids: [String], on c: PostgresConnection) async throws -> [VisitRow] {
        let rows = try await c.query(
            """
            SELECT visit_id, COALESCE(number, ''), day::text, COALESCE(service_id, ''), COALESCE(priority, ''), COALESCE(status, ''),
                COALESCE((extract(epoch FROM issued_at) * 1000)::bigint, 0), COALESCE((extract(epoch FROM called_at) * 1000)::bigint, 0),
                COALESCE((extract(epoch FROM started_at) * 1000)::bigint, 0), COALESCE((extract(epoch FROM finished_at) * 1000)::bigint, 0),
                window_no, staff_id, transfers, recalls, appointment, rating::int, reason_pending, outcome,
                COALESCE((extract(epoch FROM followed_up_at) * 1000)::bigint, 0), COALESCE((extract(epoch FROM follow_up_closed_at) * 1000)::bigint, 0),
                COALESCE(issued_seq, 0), last_seq
            FROM visits WHERE hall_id = \(hallID) AND visit_id = ANY(\(ids))
            """, logger: logger)
        var result: [VisitRow] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            guard let day = LocalDate(try cells[2].decode(String.self)) else { continue }
            var v = VisitRow(id: try cells[0].decode(String.self), day: day)
            v.number = try cells[1].decode(String.self)
            v.service = try cells[3].decode(String.self)
            v.priority = try cells[4].decode(String.self)
            v.status = try cells[5].decode(String.self)
            v.issued = try cells[6].decode(Int64.self)
            v.called = try cells[7].decode(Int64.self)
            v.started = try cells[8].decode(Int64.self)
            v.finished = try cells[9].decode(Int64.self)
            v.window = try cells[10].decode(Int?.self)
            v.staff = try cells[11].decode(String?.self)
            v.transfers = try cells[12].decode(Int.self)
            v.recalls = try cells[13].decode(Int.self)
            v.appointment = try cells[14].decode(Bool.self)
            v.rating = try cells[15].decode(Int?.self)
            v.reasonPending = try cells[16].decode(Bool.self)
            v.outcome = try cells[17].decode(String?.self)
            v.followedUp = try cells[18].decode(Int64.self)
            v.followUpClosed = try cells[19].decode(Int64.self)
            v.issuedSeq = try cells[20].decode(Int64.self)
            v.lastSeq = try cells[21].decode(Int64.self)
            result.append(v)
        }
        return result
    }

    private func writeVisits(_ v: [VisitRow], on c: PostgresConnection) async throws {
        guard !v.isEmpty else { return }
        try await c.query(
            """
            INSERT INTO visits AS v (hall_id, visit_id, number, day, service_id, priority, issued_at, called_at, started_at, finished_at,
                status, window_no, staff_id, transfers, recalls, rating, reason_pending, outcome, appointment, wait_ms, wait_minute,
                followed_up_at, follow_up_closed_at, issued_seq, last_seq)
            SELECT \(hallID), u.id, NULLIF(u.number, ''), u.day::date, NULLIF(u.service, ''), NULLIF(u.priority, ''), county_ms(u.issued),
                county_ms(u.called), county_ms(u.started), county_ms(u.finished), NULLIF(u.status, ''), NULLIF(u.win, -1),
                NULLIF(u.staff, ''), u.transfers, u.recalls, NULLIF(u.rating, 0), u.pending, NULLIF(u.outcome, ''), u.appointment,
                NULLIF(u.wait, -1), NULLIF(u.minute, -1), county_ms(u.fu), county_ms(u.fuc), NULLIF(u.iseq, 0), u.seq
            FROM unnest(\(v.map(\.id))::text[], \(v.map(\.number))::text[], \(v.map(\.day.description))::text[], \(v.map(\.service))::text[],
                \(v.map(\.priority))::text[], \(v.map(\.issued))::bigint[], \(v.map(\.called))::bigint[], \(v.map(\.started))::bigint[],
                \(v.map(\.finished))::bigint[], \(v.map(\.status))::text[], \(v.map { $0.window ?? -1 })::int[], \(v.map { $0.staff ?? "" })::text[],
                \(v.map(\.transfers))::int[], \(v.map(\.recalls))::int[], \(v.map { $0.rating ?? 0 })::int[], \(v.map(\.reasonPending))::bool[],
                \(v.map { $0.outcome ?? "" })::text[], \(v.map(\.appointment))::bool[], \(v.map { $0.waitMs ?? -1 })::bigint[],
                \(v.map { $0.waitMinute ?? -1 })::int[], \(v.map(\.followedUp))::bigint[], \(v.map(\.followUpClosed))::bigint[],
                \(v.map(\.issuedSeq))::bigint[], \(v.map(\.lastSeq))::bigint[])
                AS u(id, number, day, service, priority, issued, called, started, finished, status, win, staff, transfers, recalls, rating,
                    pending, outcome, appointment, wait, minute, fu, fuc, iseq, seq)
            ON CONFLICT (hall_id, visit_id) DO UPDATE SET
                number = EXCLUDED.number, day = EXCLUDED.day, service_id = EXCLUDED.service_id, priority = EXCLUDED.priority,
                issued_at = EXCLUDED.issued_at, called_at = EXCLUDED.called_at, started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at, status = EXCLUDED.status, window_no = EXCLUDED.window_no, staff_id = EXCLUDED.staff_id,
                transfers = EXCLUDED.transfers, recalls = EXCLUDED.recalls, rating = EXCLUDED.rating, reason_pending = EXCLUDED.reason_pending,
                outcome = EXCLUDED.outcome, appointment = EXCLUDED.appointment, wait_ms = EXCLUDED.wait_ms, wait_minute = EXCLUDED.wait_minute,
                followed_up_at = EXCLUDED.followed_up_at, follow_up_closed_at = EXCLUDED.follow_up_closed_at,
                issued_seq = EXCLUDED.issued_seq, last_seq = EXCLUDED.last_seq
            """, logger: logger)
    }

    /// Subtracts what the touched visits counted before, adds what they count now.
    private func writeFigures(old: [VisitRow], new: [VisitRow], on c: PostgresConnection) async throws {
        struct Key: Hashable {
            var day: LocalDate
            var service: String
        }
        struct MinuteKey: Hashable {
            var month: LocalDate
            var service: String
            var minute: Int
        }
        var figures: [Key: [Int64]] = [:]
        var minutes: [MinuteKey: Int64] = [:]
        for (rows, sign) in [(old, Int64(-1)), (new, Int64(1))] {
            for row in rows {
                guard let counts = row.counts(monthEnd: monthEnd(row.day)) else { continue }
                let key = Key(day: row.day, service: row.service)
                var sum = figures[key] ?? [Int64](repeating: 0, count: counts.count)
                for i in counts.indices { sum[i] += sign * counts[i] }
                figures[key] = sum
                if let minute = row.waitMinute {
                    minutes[MinuteKey(month: row.month, service: row.service, minute: minute), default: 0] += sign
                }
            }
        }
        let keys = figures.filter { $0.value.contains { $0 != 0 } }.map(\.key)
        if !keys.isEmpty {
            var binds = PostgresBindings()
            binds.append(hallID)
            binds.append(keys.map(\.day.description))
            binds.append(keys.map(\.service))
            for i in Self.counters.indices { binds.append(keys.map { figures[$0]![i] }) }
            let columns = Self.counters.joined(separator: ", ")
            let arrays = Self.counters.indices.map { "$\($0 + 4)::bigint[]" }.joined(separator: ", ")
            let sets = Self.counters.map { "\($0) = f.\($0) + EXCLUDED.\($0)" }.joined(separator: ", ")
            try await c.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO visit_figures AS f (hall_id, day, service_id, \(columns))
                        SELECT $1, u.day::date, u.service, \(Self.counters.map { "u.\($0)" }.joined(separator: ", "))
                        FROM unnest($2::text[], $3::text[], \(arrays)) AS u(day, service, \(columns))
                        ON CONFLICT (hall_id, day, service_id) DO UPDATE SET \(sets)
                        """, binds: binds), logger: logger)
        }
        let minuteKeys = minutes.filter { $0.value != 0 }.map(\.key)
        if !minuteKeys.isEmpty {
            try await c.query(
                """
                INSERT INTO visit_wait_minutes AS m (hall_id, month, service_id, minute, n)
                SELECT \(hallID), u.month::date, u.service, u.minute, u.n
                FROM unnest(\(minuteKeys.map(\.month.description))::text[], \(minuteKeys.map(\.service))::text[], \(minuteKeys.map(\.minute))::int[],
                    \(minuteKeys.map { minutes[$0]! })::bigint[]) AS u(month, service, minute, n)
                ON CONFLICT (hall_id, month, service_id, minute) DO UPDATE SET n = m.n + EXCLUDED.n
                """, logger: logger)
        }
    }
}
