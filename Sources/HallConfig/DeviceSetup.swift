/// The devices of a hall, as the hall file's `devices:` section names them: printers, evaluator and
/// caller keypads (evdev), RS-485 buses, scanners. The runtime starts a driver for each.
///
/// ```yaml
/// devices:
///   printers:
///     - {id: kiosk-printer, role: kiosk, profile: virtual, transport: virtual}
///     - {id: window-1-printer, role: window 1, profile: epson-tm-t20ii, transport: usblp /dev/hall/lp-epson-tm-t20ii}
///   buttons:
///     - {id: window-1-keypad, window: 1, profile: caller-f1-f8-usb, device: /dev/input/by-id/usb-Caller-event-kbd}
///   buses:
///     - {id: bus0, path: /dev/servicehall/bus/rs485-caller-evaluator-pci-0000:00:14.0-usb-0:2:1.0, profile: rs485-caller-evaluator, addresses: {1: 1, 2: 2}}
///   scanners:
///     - {window: 1, device: "fujitsu:fi-7160:1"}
/// ```
public struct DeviceSetup: Sendable, Hashable, Codable {
    public var printers: [PrinterSetup]
    public var buttons: [ButtonDeviceSetup]
    public var buses: [BusSetup]
    public var scanners: [ScannerSetup]
    /// A SANE configuration directory (`SANE_CONFIG_DIR`), e.g. one whose dll.conf says `test`; nil: the system's.
    public var saneConfigDirectory: String?
    /// Scans are deleted this many days after they were made.
    public var scanRetentionDays: Int
    // MARK: spool limits (issue 14)
    /// A virtual printer's spool folder keeps at most this many jobs (nil: 1 000), the oldest go first.
    public var spoolMaxJobs: Int?
    /// … and none older than this many days (nil: 7).
    public var spoolMaxAgeDays: Int?

    public init(
        printers: [PrinterSetup] = [], buttons: [ButtonDeviceSetup] = [], buses: [BusSetup] = [], scanners: [ScannerSetup] = [],
        saneConfigDirectory: String? = nil, scanRetentionDays: Int = 90
    ) {
        self.printers = printers
        self.buttons = buttons
        self.buses = buses
        self.scanners = scanners
        self.saneConfigDirectory = saneConfigDirectory
        self.scanRetentionDays = scanRetentionDays
    }

    /// No devices: no printer either (the kiosk shows the number on screen only).
    public static let none = DeviceSetup()
}

/// Where a printer stands.
public enum PrinterRole: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ticket kiosk's printer.
    case kiosk
    /// A window's receipt printer.
    case window(Int)

    public var description: String {
        switch self {
        case .kiosk: "kiosk"
        case .window(let n): "window \(n)"
        }
    }
}

/// How the hall reaches a printer.
public enum PrinterTransportSetup: Sendable, Hashable, Codable, CustomStringConvertible {
    /// PNG + bytes into the data folder's `spool/<printer id>/`.
    case virtual
    /// libusb, the first device the profile matches.
    case usb
    /// The usblp device file (`/dev/usb/lp0` or a udev symlink).
    case usblp(path: String)
    /// A CUPS queue, raw.
    case cups(queue: String)
    /// A network printer (port 9100 unless given).
    case tcp(host: String, port: Int)

    public var description: String {
        switch self {
        case .virtual: "virtual"
        case .usb: "usb"
        case .usblp(let path): "usblp \(path)"
        case .cups(let queue): "cups \(queue)"
        case .tcp(let host, let port): "tcp \(host):\(port)"
        }
    }
}

public struct PrinterSetup: Sendable, Hashable, Codable {
    public var id: String
    public var role: PrinterRole
    /// A profile id from Devices/printers (`virtual` for the built-in 80 mm virtual printer).
    public var profile: String
    public var transport: PrinterTransportSetup

    public init(id: String, role: PrinterRole, profile: String, transport: PrinterTransportSetup) {
        self.id = id
        self.role = role
        self.profile = profile
        self.transport = transport
    }
}

/// An evaluator or caller keypad read through evdev.
public struct ButtonDeviceSetup: Sendable, Hashable, Codable {
    public var id: String
    public var window: Int
    /// A profile id from Devices/buttons (an evdev profile).
    public var profile: String
    /// A device node, `/dev/input/by-id/…` path or udev symlink; nil: the first device the profile matches.
    public var device: String?

    public init(id: String, window: Int, profile: String, device: String?) {
        self.id = id
        self.window = window
        self.profile = profile
        self.device = device
    }
}

/// An RS-485 caller/evaluator bus on a serial port.
public struct BusSetup: Sendable, Hashable, Codable {
    public var id: String
    public var path: String
    /// A profile id from Devices/buttons (an rs485 profile).
    public var profile: String
    /// Bus address → window.
    public var addresses: [Int: Int]

    public init(id: String, path: String, profile: String, addresses: [Int: Int]) {
        self.id = id
        self.path = path
        self.profile = profile
        self.addresses = addresses
    }
}

/// A window's document scanner.
public struct ScannerSetup: Sendable, Hashable, Codable {
    public var window: Int
    /// The SANE device name (`hall devices` lists them), e.g. `fujitsu:fi-7160:1` or `test:0`.
    public var device: String

    public init(window: Int, device: String) {
        self.window = window
        self.device = device
    }
}

/// The device profiles a hall file may name, so the reader can point at a misspelt one.
public struct KnownDeviceProfiles: Sendable, Hashable {
    /// Printer profile ids (Devices/printers).
    public var printers: Set<String>
    /// Button profile ids (Devices/buttons) with their backend: `evdev` or `rs485`.
    public var buttons: [String: String]

    public init(printers: Set<String>, buttons: [String: String]) {
        self.printers = printers
        self.buttons = buttons
    }
}
