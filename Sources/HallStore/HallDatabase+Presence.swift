import Foundation
import GRDB
import HallCore

/// One kept presence change (去向记录).
public struct PresenceRecord: Sendable, Hashable, Codable {
    public var seq: Int64
    public var staffID: String
    public var at: Date
    public var status: PresenceStatus
    public var note: String?
}

extension HallDatabase {
    /// The presence changes in force during `[start, end)`: for each member of staff the latest change
    /// before `start` (the status the period starts with), then every change until `end`; oldest first.
    public func presenceHistory(from start: Date, to end: Date) throws -> [PresenceRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT h.seq, h.staffID, h.at, h.status, h.note FROM presenceHistory h
                    WHERE (h.at >= ? AND h.at < ?)
                       OR h.seq = (SELECT p.seq FROM presenceHistory p WHERE p.staffID = h.staffID AND p.at < ?
                                   ORDER BY p.at DESC, p.seq DESC LIMIT 1)
                    ORDER BY h.at, h.seq
                    """, arguments: [start.millis, end.millis, start.millis]
            ).map {
                PresenceRecord(
                    seq: $0["seq"], staffID: $0["staffID"], at: Date(millis: $0["at"]),
                    status: PresenceStatus(rawValue: $0["status"]) ?? .other, note: $0["note"])
            }
        }
    }
}
