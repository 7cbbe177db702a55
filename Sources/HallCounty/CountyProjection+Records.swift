import Foundation
import HallCore
import HallStore
import Logging
import PostgresNIO

/// The records that outlive a visit, projected from a batch: cases, follow-ups, complaints and
/// appointments (each kept whole, keyed by its reference, and counted by month).
extension CountyProjection {
    // MARK: cases, follow-ups, complaints, appointments

    func applyCases(_ records: [CountyRecord], numbers: [String], on c: PostgresConnection) async throws {
        var windows: [String: Int] = [:]
        var stored: [CaseRecord] = []
        for try await (number, record, window) in try await c.query(
            "SELECT number, record::text, window_no FROM cases WHERE hall_id = \(hallID) AND number = ANY(\(numbers))", logger: logger
        ).decode((String, String?, Int?).self) {
            if let window { windows[number] = window }
            if let record { stored.append(try JSONDecoder().decode(CaseRecord.self, from: Data(record.utf8))) }
        }
        var book = CaseBook(cases: stored)
        for r in records {
            guard let event = r.reportEvent else { continue }
            if case .visitOutcome(let o) = event {
                if let number = o.caseNumber { windows[number] = o.window }
            } else {
                book.apply(event, at: r.at)
            }
        }
        let n = numbers
        let cases = n.map { book.cases[$0] }
        try await c.query(
            """
            INSERT INTO cases AS c (hall_id, number, service_id, accepted_at, finished_at, promised, original_promised, window_no, record)
            SELECT \(hallID), u.number, NULLIF(u.service, ''), county_ms(u.accepted), COALESCE(county_ms(u.finished), 'infinity'),
                NULLIF(u.promised, '')::date,
                NULLIF(u.original, '')::date, NULLIF(u.win, -1), NULLIF(u.record, '')::jsonb
            FROM unnest(\(n)::text[], \(cases.map { $0?.serviceID ?? "" })::text[], \(cases.map { $0?.acceptedAt.countyMillis ?? 0 })::bigint[],
                \(cases.map { ($0?.readyAt ?? $0?.closedAt)?.countyMillis ?? 0 })::bigint[], \(cases.map { $0?.promisedDate.description ?? "" })::text[],
                \(cases.map { $0?.originalPromisedDate.description ?? "" })::text[], \(n.map { windows[$0] ?? -1 })::int[],
                \(try cases.map { try $0.map(Self.json) ?? "" })::text[])
                AS u(number, service, accepted, finished, promised, original, win, record)
            ON CONFLICT (hall_id, number) DO UPDATE SET service_id = EXCLUDED.service_id, accepted_at = EXCLUDED.accepted_at,
                finished_at = EXCLUDED.finished_at, promised = EXCLUDED.promised, original_promised = EXCLUDED.original_promised,
                window_no = EXCLUDED.window_no, record = EXCLUDED.record
            """, logger: logger)
    }

    func applyComplaints(_ records: [CountyRecord], refs: [String], on c: PostgresConnection) async throws {
        var book = ComplaintBook(try await loadRecords("complaints", key: "ref", ids: refs, as: Complaint.self, on: c))
        for r in records {
            if case .complaint(let event) = r.accountabilityEvent { book.apply(event, at: r.at) }
        }
        let items = refs.compactMap { book[$0] }
        guard !items.isEmpty else { return }
        try await c.query(
            """
            INSERT INTO complaints AS c (hall_id, ref, submitted_at, due, replied_at, ticket, record)
            SELECT \(hallID), u.ref, county_ms(u.submitted), u.due::date, county_ms(u.replied), NULLIF(u.ticket, ''), u.record::jsonb
            FROM unnest(\(items.map(\.id))::text[], \(items.map(\.submittedAt.countyMillis))::bigint[], \(items.map(\.due.description))::text[],
                \(items.map { $0.repliedAt?.countyMillis ?? 0 })::bigint[], \(items.map { $0.ticket ?? "" })::text[],
                \(try items.map(Self.json))::text[]) AS u(ref, submitted, due, replied, ticket, record)
            ON CONFLICT (hall_id, ref) DO UPDATE SET submitted_at = EXCLUDED.submitted_at, due = EXCLUDED.due,
                replied_at = EXCLUDED.replied_at, ticket = EXCLUDED.ticket, record = EXCLUDED.record
            """, logger: logger)
    }

    func applyAppointments(_ records: [CountyRecord], refs: [String], on c: PostgresConnection) async throws {
        var book = AppointmentBook(try await loadRecords("appointments", key: "ref", ids: refs, as: Appointment.self, on: c))
        for r in records {
            if case .appointment(let event) = r.accountabilityEvent { book.apply(event) }
        }
        let items = refs.compactMap { book.appointment(code: $0) }
        guard !items.isEmpty else { return }
        try await c.query(
            """
            INSERT INTO appointments AS a (hall_id, ref, service_id, day, status, record)
            SELECT \(hallID), u.ref, u.service, u.day::date, u.status, u.record::jsonb
            FROM unnest(\(items.map(\.code))::text[], \(items.map(\.serviceID))::text[], \(items.map(\.day.description))::text[],
                \(items.map(\.status.rawValue))::text[], \(try items.map(Self.json))::text[]) AS u(ref, service, day, status, record)
            ON CONFLICT (hall_id, ref) DO UPDATE SET service_id = EXCLUDED.service_id, day = EXCLUDED.day, status = EXCLUDED.status,
                record = EXCLUDED.record
            """, logger: logger)
    }

    func loadRecords<T: Decodable>(_ table: String, key: String, ids: [String], as type: T.Type, on c: PostgresConnection)
        async throws -> [T]
    {
        guard !ids.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(hallID)
        binds.append(ids)
        var result: [T] = []
        for try await text in try await c.query(
            PostgresQuery(unsafeSQL: "SELECT record::text FROM \(table) WHERE hall_id = $1 AND \(key) = ANY($2)", binds: binds),
            logger: logger
        ).decode(String.self) {
            result.append(try JSONDecoder().decode(T.self, from: Data(text.utf8)))
        }
        return result
    }

    /// Follow-ups by the rated visit's id, with when they were opened.
    func writeFollowUps(_ items: [FollowUp], on c: PostgresConnection) async throws {
        guard !items.isEmpty else { return }
        try await c.query(
            """
            INSERT INTO follow_ups AS f (hall_id, id, opened_at, record)
            SELECT \(hallID), u.id, county_ms(u.opened), u.record::jsonb
            FROM unnest(\(items.map(\.id))::text[], \(items.map(\.openedAt.countyMillis))::bigint[], \(try items.map(Self.json))::text[])
                AS u(id, opened, record)
            ON CONFLICT (hall_id, id) DO UPDATE SET record = EXCLUDED.record
            """, logger: logger)
    }

    static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
}
