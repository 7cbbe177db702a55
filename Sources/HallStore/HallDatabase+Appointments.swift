import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Every appointment (the reports), or those an ``AppointmentBook`` keeps when a day starts: the
    /// booked ones and those of `firstKeptDay` on (``AppointmentBook/firstKeptDay(dayStarted:)``).
    public func appointments(keptFrom firstKeptDay: LocalDate? = nil) throws -> [Appointment] {
        try pool.read { db in
            let rows =
                if let firstKeptDay {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM appointments WHERE status = 'booked' OR day >= ? ORDER BY day, slot, bookedAt",
                        arguments: [firstKeptDay.description])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM appointments ORDER BY day, slot, bookedAt")
                }
            return rows.compactMap(Self.appointment)
        }
    }

    /// The appointments of `day` by slot then booking time, however long ago (the book keeps a month).
    public func appointments(on day: LocalDate) throws -> [Appointment] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM appointments WHERE day = ? ORDER BY slot, bookedAt, code", arguments: [day.description]
            ).compactMap(Self.appointment)
        }
    }

    /// The appointment `code`, however long ago its day was: a new booking's code must be new to
    /// the projection, not only to the book.
    public func appointment(code: String) throws -> Appointment? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM appointments WHERE code = ?", arguments: [code]).flatMap(Self.appointment)
        }
    }

    private static func appointment(_ row: Row) -> Appointment? {
        guard let day = LocalDate(row["day"] as String), let status = AppointmentStatus(rawValue: row["status"]) else { return nil }
        return Appointment(
            code: row["code"], serviceID: row["serviceID"], day: day, slot: row["slot"], name: row["name"], phone: row["phone"],
            status: status, bookedAt: Date(millis: row["bookedAt"]), bookedBy: row["bookedBy"], visitID: row["visitID"])
    }

    /// Appointments per status on `day`, for the statistics (missed ones are counted).
    public func appointmentCounts(day: LocalDate) throws -> [AppointmentStatus: Int] {
        try pool.read { db in
            var counts: [AppointmentStatus: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n FROM appointments WHERE day = ? GROUP BY status", arguments: [day.description])
            {
                if let status = AppointmentStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// The appointments table follows the journal, in the same transaction.
    static func projectAppointment(_ event: AppointmentEvent, at: Int64, in db: Database) throws {
        switch event {
        case .booked(let a):
            try db.execute(
                sql: """
                    INSERT INTO appointments (code, serviceID, day, slot, name, phone, status, bookedAt, bookedBy, visitID, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    a.code, a.serviceID, a.day.description, a.slot, a.name, a.phone, a.status.rawValue, a.bookedAt.millis, a.bookedBy,
                    a.visitID, at,
                ])
        case .checkedIn(let code, let visitID):
            try db.execute(
                sql: "UPDATE appointments SET status = 'checkedIn', visitID = ?, updatedAt = ? WHERE code = ?",
                arguments: [visitID, at, code])
        case .missed(let code):
            try db.execute(sql: "UPDATE appointments SET status = 'missed', updatedAt = ? WHERE code = ?", arguments: [at, code])
        // MARK: account-3
        case .cancelled(let code):
            try db.execute(sql: "UPDATE appointments SET status = 'cancelled', updatedAt = ? WHERE code = ?", arguments: [at, code])
        }
    }
}
