import Foundation
import GRDB
import HallCore

/// The hall-wide settings kept beside services, windows and staff.
struct HallSettings: Codable {
    var name: LocalizedText
    var supervisionPhone: String?
    var schedule: HallSchedule
    var policy: HallPolicy
    // MARK: cases (办件)
    var baseURL: String?
    // MARK: accountability
    var alerts: AlertPolicy?
    // MARK: appointments (预约)
    var appointments: AppointmentPolicy? = nil
}

extension HallDatabase {
    /// The configuration, or nil before the first seeding.
    public func loadConfiguration() throws -> HallConfiguration? {
        try pool.read { db in
            guard let raw = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'hall'") else { return nil }
            let decoder = JSONDecoder()
            let settings = try decoder.decode(HallSettings.self, from: Data(raw.utf8))
            let services = try String.fetchAll(db, sql: "SELECT body FROM services ORDER BY position")
                .map { try decoder.decode(Service.self, from: Data($0.utf8)) }
            let windows = try String.fetchAll(db, sql: "SELECT body FROM windows ORDER BY number")
                .map { try decoder.decode(Window.self, from: Data($0.utf8)) }
            let staff = try String.fetchAll(db, sql: "SELECT body FROM staff ORDER BY position")
                .map { try decoder.decode(Staff.self, from: Data($0.utf8)) }
            var configuration = HallConfiguration(
                name: settings.name, supervisionPhone: settings.supervisionPhone, services: services, windows: windows,
                staff: staff, schedule: settings.schedule, policy: settings.policy, baseURL: settings.baseURL,
                alerts: settings.alerts)
            configuration.appointments = settings.appointments  // appointments (预约)
            return configuration
        }
    }

    /// Replaces the whole configuration in one transaction.
    public func saveConfiguration(_ c: HallConfiguration) throws {
        let rows = try Self.configurationRows(c)
        try pool.write { db in try Self.write(rows, db) }
    }

    typealias ConfigurationRows = (String, [(String, Int, String)], [(Int, String)], [(String, Int, String)])

    static func configurationRows(_ c: HallConfiguration) throws -> ConfigurationRows {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var settings = HallSettings(
            name: c.name, supervisionPhone: c.supervisionPhone, schedule: c.schedule, policy: c.policy, baseURL: c.baseURL,
            alerts: c.alerts)
        settings.appointments = c.appointments  // appointments (预约)
        return (
            try json(settings),
            try c.services.enumerated().map { ($0.element.id, $0.offset, try json($0.element)) },
            try c.windows.map { ($0.number, try json($0)) },
            try c.staff.enumerated().map { ($0.element.id, $0.offset, try json($0.element)) }
        )
    }

    static func write(_ rows: ConfigurationRows, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES ('hall', ?)", arguments: [rows.0])
        try db.execute(sql: "DELETE FROM services; DELETE FROM windows; DELETE FROM staff")
        for (id, position, body) in rows.1 {
            try db.execute(sql: "INSERT INTO services (id, position, body) VALUES (?, ?, ?)", arguments: [id, position, body])
        }
        for (number, body) in rows.2 {
            try db.execute(sql: "INSERT INTO windows (number, body) VALUES (?, ?)", arguments: [number, body])
        }
        for (id, position, body) in rows.3 {
            try db.execute(sql: "INSERT INTO staff (id, position, body) VALUES (?, ?, ?)", arguments: [id, position, body])
        }
    }

    /// A hall-wide setting stored as JSON (e.g. the issuing rate limit).
    public func setting<T: Decodable>(_ key: String, as type: T.Type) throws -> T? {
        try pool.read { db in
            guard let raw = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(raw.utf8))
        }
    }

    public func setSetting(_ key: String, _ value: some Encodable) throws {
        let raw = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", arguments: [key, raw])
        }
    }
}
