import Foundation
import GRDB
import HallCore

/// How far the county forwarder has come: written by the forwarder after each batch the county
/// committed (and after each failure), read by `/healthz`, the admin page and `hall county status`.
/// The county's own high-water mark is the authority; this is the hall's copy for showing the lag.
public struct CountyProgress: Sendable, Hashable, Codable {
    /// The hall's name in the county.
    public var hallID: String
    /// The last journal sequence number the county has committed.
    public var forwardedSeq: Int64
    /// When the county last answered (a batch committed or a heartbeat).
    public var contactAt: Date?
    /// The last failure, without credentials; nil after a success.
    public var error: String?

    public init(hallID: String, forwardedSeq: Int64, contactAt: Date?, error: String?) {
        self.hallID = hallID
        self.forwardedSeq = forwardedSeq
        self.contactAt = contactAt
        self.error = error
    }
}

/// The forwarding lag as `/healthz` and `hall county status` show it.
public struct CountyLag: Sendable, Hashable, Codable {
    public var hallID: String
    /// Journal entries the county has not yet committed.
    public var events: Int64
    /// Seconds since the oldest entry the county lacks was journaled; 0 when nothing is behind.
    public var seconds: Int
    public var forwardedSeq: Int64
    public var contactAt: Date?
    public var error: String?
}

extension HallDatabase {
    /// The settings key of the hall file's `county:` section.
    public static let countyLinkKey = "county"
    static let countyProgressKey = "countyProgress"

    /// Stores the `county:` section (any Codable value), or removes it when nil.
    public func setCountyLink(_ link: (some Encodable)?) throws {
        if let link {
            try setSetting(Self.countyLinkKey, link)
        } else {
            try pool.write { db in try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [Self.countyLinkKey]) }
        }
    }

    public func countyProgress() throws -> CountyProgress? {
        try setting(Self.countyProgressKey, as: CountyProgress.self)
    }

    public func setCountyProgress(_ progress: CountyProgress) throws {
        try setSetting(Self.countyProgressKey, progress)
    }

    /// The lag at `now`, or nil when this hall has never forwarded (no `county:` or not started yet).
    public func countyLag(now: Date) throws -> CountyLag? {
        guard let progress = try countyProgress() else { return nil }
        return try pool.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0
            let behind =
                try Int64.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM events WHERE seq > ?", arguments: [progress.forwardedSeq]) ?? 0
            var seconds = 0
            if last > progress.forwardedSeq,
                let oldest = try Int64.fetchOne(
                    db, sql: "SELECT at FROM events WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [progress.forwardedSeq])
            {
                seconds = max(0, Int(now.timeIntervalSince(Date(millis: oldest)).rounded(.down)))
            }
            return CountyLag(
                hallID: progress.hallID, events: behind, seconds: seconds, forwardedSeq: progress.forwardedSeq,
                contactAt: progress.contactAt, error: progress.error)
        }
    }
}
