import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Every home-service request, for the book the hall rebuilds at start.
    public func homeServices() throws -> [HomeServiceRequest] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM homeServices ORDER BY requestedAt").map { row in
                HomeServiceRequest(
                    id: row["id"], name: row["name"], phone: row["phone"], address: row["address"], matter: row["matter"],
                    requestedAt: Date(millis: row["requestedAt"]), by: row["byAccount"],
                    doneAt: (row["doneAt"] as Int64?).map(Date.init(millis:)),
                    doneBy: row["doneBy"], result: row["result"])
            }
        }
    }

    /// The consultations logged on `day` (首问负责), in order, with when each was logged.
    public func consultations(day: LocalDate) throws -> [(consultation: Consultation, at: Date)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM consultations WHERE day = ? ORDER BY at, id", arguments: [day.description]).map {
                row in
                (
                    Consultation(
                        id: row["id"], question: row["question"], answer: row["answer"], referral: row["referral"],
                        serviceID: row["serviceID"],
                        by: row["byAccount"]), Date(millis: row["at"])
                )
            }
        }
    }

    /// The consultations and home-service tables follow the journal, in the same transaction.
    static func projectGuideDesk(_ event: GuideDeskEvent, at: Date, in db: Database) throws {
        switch event {
        case .consultationLogged(let c):
            try db.execute(
                sql: """
                    INSERT INTO consultations (id, day, at, question, answer, referral, serviceID, byAccount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [c.id, day(of: c.id), at.millis, c.question, c.answer, c.referral, c.serviceID, c.by])
        case .homeServiceRegistered(let r):
            try db.execute(
                sql: """
                    INSERT INTO homeServices (id, name, phone, address, matter, requestedAt, byAccount) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.id, r.name, r.phone, r.address, r.matter, r.requestedAt.millis, r.by])
        case .homeServiceDone(let id, let result, let by):
            try db.execute(
                sql: "UPDATE homeServices SET doneAt = ?, doneBy = ?, result = ? WHERE id = ?", arguments: [at.millis, by, result, id])
        }
    }
}
