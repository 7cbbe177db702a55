import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Replaces everything a hall file holds in one transaction: the configuration, the accounts
    /// (accounts not listed are deleted, and their sessions with them), the evaluator tokens and the
    /// given settings (JSON-encoded, like ``setSetting(_:_:)``).
    ///
    /// Either all of it is saved or none of it: the administrator's edit never leaves half a hall.
    public func replaceHall(
        configuration: HallConfiguration, accounts: [AccountRecord], evaluatorTokens: [Int: String],
        settings: [String: any Encodable & Sendable]
    ) throws {
        let rows = try Self.configurationRows(configuration)
        let encoded = try settings.mapValues { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try pool.write { db in
            try Self.write(rows, db)
            let keep = Set(accounts.map(\.username))
            for existing in try AccountRecord.fetchAll(db) where !keep.contains(existing.username) {
                try existing.delete(db)
            }
            for account in accounts { try account.save(db) }
            try db.execute(sql: "DELETE FROM devices WHERE kind = 'evaluator'")
            for (window, token) in evaluatorTokens.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO devices (token, kind, window) VALUES (?, 'evaluator', ?)", arguments: [token, window])
            }
            for (key, raw) in encoded {
                try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", arguments: [key, raw])
            }
        }
    }

    /// The evaluator tokens, keyed by window.
    public func evaluatorTokens() throws -> [Int: String] {
        try pool.read { db in
            var tokens: [Int: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT token, window FROM devices WHERE kind = 'evaluator' ORDER BY token") {
                tokens[row["window"]] = row["token"]
            }
            return tokens
        }
    }
}
