import Foundation
import HallConfig
import HallDevices

/// Where the device profiles (Devices/) and the print layouts (Layouts/) are, and what they hold.
///
/// ```swift
/// let catalog = DeviceCatalog()               // installed, or the checkout's Devices/ and Layouts/
/// let profile = try catalog.printerProfile("rongta-rp")
/// ```
public struct DeviceCatalog: Sendable {
    public var devicesDirectory: URL
    public var layoutsDirectory: URL

    public init(devicesDirectory: URL, layoutsDirectory: URL) {
        self.devicesDirectory = devicesDirectory
        self.layoutsDirectory = layoutsDirectory
    }

    /// The installed profiles and layouts (`/usr/share/servicehall`), or the repository's `Devices/`
    /// and `Layouts/` in a checkout: see ``InstalledPaths``. Never a path from compile time.
    public init() {
        let paths = InstalledPaths.current
        self.init(
            devicesDirectory: URL(fileURLWithPath: paths.devicesDirectory), layoutsDirectory: URL(fileURLWithPath: paths.layoutsDirectory))
    }

    public var printersDirectory: URL { devicesDirectory.appendingPathComponent("printers") }
    public var buttonsDirectory: URL { devicesDirectory.appendingPathComponent("buttons") }

    public func printerProfiles() throws -> [PrinterProfile] { try PrinterProfile.loadAll(from: printersDirectory) }

    public func buttonProfiles() throws -> [ButtonProfile] { try ButtonProfile.loadAll(in: buttonsDirectory) }

    /// A printer profile by id; `virtual` is the built-in 80 mm virtual printer.
    public func printerProfile(_ id: String) throws -> PrinterProfile {
        if id == PrinterProfile.virtual80.id { return .virtual80 }
        guard let profile = try printerProfiles().first(where: { $0.id == id }) else {
            throw DeviceSetupError("no printer profile '\(id)' in \(printersDirectory.path)")
        }
        return profile
    }

    public func buttonProfile(_ id: String) throws -> ButtonProfile {
        guard let profile = try buttonProfiles().first(where: { $0.id == id }) else {
            throw DeviceSetupError("no button profile '\(id)' in \(buttonsDirectory.path)")
        }
        return profile
    }

    /// The profile ids a hall file may name, for the hall file reader's checks.
    public func knownProfiles() throws -> KnownDeviceProfiles {
        let buttons = try buttonProfiles().map { profile -> (String, String) in
            if case .rs485 = profile.backend { return (profile.id, "rs485") }
            return (profile.id, "evdev")
        }
        return KnownDeviceProfiles(
            printers: Set(try printerProfiles().map(\.id)), buttons: Dictionary(buttons, uniquingKeysWith: { a, _ in a }))
    }

    /// The ticket, receipt and notice layouts.
    public func layouts() throws -> [String: Layout] { try Layout.loadAll(from: layoutsDirectory) }
}

/// A device the hall file names cannot be set up.
public struct DeviceSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
