import Foundation
import GRDB
import HallCore

extension HallDatabase {
    /// Every device's latest status (the `deviceStatus` projection), by device id.
    public func deviceStates() throws -> [DeviceState] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT deviceID, kind, window, status FROM deviceStatus ORDER BY deviceID").map {
                DeviceState(
                    deviceID: $0["deviceID"], kind: $0["kind"], window: $0["window"],
                    status: DeviceState.Status(rawValue: $0["status"]) ?? .unknown)
            }
        }
    }

    /// The window a visit was called to or served at (any day), nil when unknown or never called.
    public func visitWindow(_ visitID: String) throws -> (known: Bool, window: Int?) {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT window FROM visits WHERE id = ?", arguments: [visitID]) else {
                return (false, nil)
            }
            return (true, row["window"])
        }
    }
}
