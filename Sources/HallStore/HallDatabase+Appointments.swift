import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Every appointment, for the book the hall rebuilds at start (``HallState/restoreAppointments(_:)``).
    public func appointments() throws -> [Appointment] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM appointments ORDER BY day, slot, bookedAt").compactMap { row in
                guard let day = LocalDate(row["day"] as String), let status = AppointmentStatus(rawValue: row["status"]) else {
                    return nil
                }
                return Appointment(
                    code: row["code"], serviceID: row["serviceID"], day: day, slot: row["slot"], name: row["name"], phone: row["phone"],
                    status: status, bookedAt: Date(millis: row["bookedAt"]), bookedBy: row["bookedBy"], visitID: row["visitID"])
            }
        }
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
