import Foundation
import HallYAML
import Yams

extension NodeReader {
    /// Reads the `devices:` section; windows named must exist, ids must be unique, profiles known
    /// (among `profiles`, when given).
    mutating func devices(_ node: Node, windows: Set<Int>, profiles: KnownDeviceProfiles?) -> DeviceSetup {
        let keys =
            ["printers", "buttons", "buses", "scanners", "sane_config", "scan_retention_days"]
            + ["spool_max_jobs", "spool_max_age_days"]  // virtual printers' spool (issue 14)
        guard let top = fields(node, of: "'devices'", allowed: keys) else { return .none }
        var setup = DeviceSetup()
        var ids: [Located<String>] = []
        var printerRoles: [String: Position] = [:]
        for (index, item) in (list(top, "printers", required: false) ?? []).enumerated() {
            guard let (printer, id) = printer(item, index: index, windows: windows, profiles: profiles) else { continue }
            ids.append(id)
            if let earlier = printerRoles[printer.role.description] {
                report("a second printer for the \(printer.role) (first on line \(earlier.line))", at: id.position)
            }
            printerRoles[printer.role.description] = id.position
            setup.printers.append(printer)
        }
        for (index, item) in (list(top, "buttons", required: false) ?? []).enumerated() {
            guard let (device, id) = buttonDevice(item, index: index, windows: windows, profiles: profiles) else { continue }
            ids.append(id)
            setup.buttons.append(device)
        }
        for (index, item) in (list(top, "buses", required: false) ?? []).enumerated() {
            guard let (bus, id) = bus(item, index: index, windows: windows, profiles: profiles) else { continue }
            ids.append(id)
            setup.buses.append(bus)
        }
        var scannerWindows: [Int: Position] = [:]
        for (index, item) in (list(top, "scanners", required: false) ?? []).enumerated() {
            let what = "scanner entry \(index + 1)"
            guard let f = fields(item, of: what, allowed: ["window", "device"]) else { continue }
            let window = self.window(f, windows: windows)
            let device = string(f, "device")
            guard let window, let device else { continue }
            if let earlier = scannerWindows[window.value] {
                report("a second scanner for window \(window.value) (first on line \(earlier.line))", at: window.position)
            }
            scannerWindows[window.value] = window.position
            setup.scanners.append(ScannerSetup(window: window.value, device: device.value))
        }
        setup.saneConfigDirectory = string(top, "sane_config", required: false)?.value
        setup.scanRetentionDays = int(top, "scan_retention_days", required: false, minimum: 1)?.value ?? 90
        // MARK: spool limits (issue 14)
        setup.spoolMaxJobs = int(top, "spool_max_jobs", required: false, minimum: 1)?.value
        setup.spoolMaxAgeDays = int(top, "spool_max_age_days", required: false, minimum: 1)?.value
        var first: [String: Position] = [:]
        for id in ids {
            if let earlier = first[id.value] {
                report("duplicate device id '\(id.value)' (first used on line \(earlier.line))", at: id.position)
            } else {
                first[id.value] = id.position
            }
        }
        return setup
    }

    private mutating func printer(_ node: Node, index: Int, windows: Set<Int>, profiles: KnownDeviceProfiles?) -> (
        PrinterSetup, Located<String>
    )? {
        let what = node.peek("id").map { "printer '\($0)'" } ?? "printer entry \(index + 1)"
        guard let f = fields(node, of: what, allowed: ["id", "role", "profile", "transport"]) else { return nil }
        let id = deviceID(f)
        var role: PrinterRole?
        if let text = string(f, "role") {
            let words = text.value.split(separator: " ")
            if text.value == "kiosk" {
                role = .kiosk
            } else if words.count == 2, words[0] == "window", let n = Int(words[1]) {
                if windows.contains(n) {
                    role = .window(n)
                } else {
                    report("\(what) stands at window \(n), which the hall does not have", at: text.position)
                }
            } else {
                report("role '\(text.value)' of \(what) must be 'kiosk' or 'window N'", at: text.position)
            }
        }
        let profile = string(f, "profile")
        if let profile, let known = profiles, profile.value != "virtual", !known.printers.contains(profile.value) {
            let hint = Self.closest(to: profile.value, among: known.printers.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
            report("unknown printer profile '\(profile.value)'\(hint): profiles are the files in Devices/printers", at: profile.position)
        }
        let transport = string(f, "transport").flatMap { printerTransport($0, of: what) }
        guard let id, let role, let profile, let transport else { return nil }
        return (PrinterSetup(id: id.value, role: role, profile: profile.value, transport: transport), id)
    }

    private mutating func printerTransport(_ text: Located<String>, of what: String) -> PrinterTransportSetup? {
        let parts = text.value.split(separator: " ", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        let argument = parts.count > 1 ? parts[1] : ""
        switch (parts[0], argument.isEmpty) {
        case ("virtual", true): return .virtual
        case ("usb", true): return .usb
        case ("usblp", false):
            if let refusal = Self.usblpRefusal(argument) {
                report("transport '\(text.value)' of \(what): \(refusal)", at: text.position)
                return nil
            }
            return .usblp(path: argument)
        case ("cups", false): return .cups(queue: argument)
        case ("tcp", false):
            let hostPort = argument.split(separator: ":")
            if hostPort.count == 1 { return .tcp(host: argument, port: 9100) }
            if hostPort.count == 2, let port = Int(hostPort[1]), (1...65535).contains(port) {
                return .tcp(host: String(hostPort[0]), port: port)
            }
        default: break
        }
        report(
            "transport '\(text.value)' of \(what) must be 'virtual', 'usb', 'usblp /dev/usb/lpN', 'cups QUEUE' or 'tcp HOST[:PORT]'",
            at: text.position)
        return nil
    }

    private mutating func buttonDevice(_ node: Node, index: Int, windows: Set<Int>, profiles: KnownDeviceProfiles?) -> (
        ButtonDeviceSetup, Located<String>
    )? {
        let what = node.peek("id").map { "button device '\($0)'" } ?? "button device entry \(index + 1)"
        guard let f = fields(node, of: what, allowed: ["id", "window", "profile", "device"]) else { return nil }
        let id = deviceID(f)
        let window = self.window(f, windows: windows)
        let profile = buttonProfile(f, backend: "evdev", what: what, profiles: profiles)
        let device = string(f, "device", required: false)
        guard let id, let window, let profile else { return nil }
        return (ButtonDeviceSetup(id: id.value, window: window.value, profile: profile, device: device?.value), id)
    }

    private mutating func bus(_ node: Node, index: Int, windows: Set<Int>, profiles: KnownDeviceProfiles?) -> (BusSetup, Located<String>)? {
        let what = node.peek("id").map { "bus '\($0)'" } ?? "bus entry \(index + 1)"
        guard let f = fields(node, of: what, allowed: ["id", "path", "profile", "addresses"]) else { return nil }
        let id = deviceID(f)
        let path = string(f, "path")
        let profile = buttonProfile(f, backend: "rs485", what: what, profiles: profiles)
        var addresses: [Int: Int] = [:]
        if let node = value(f, "addresses", required: true) {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let address = int(key, what: "a bus address of \(what)") else { continue }
                    guard address.value <= 255 else {
                        report("bus address \(address.value) of \(what) must be 0…255", at: address.position)
                        continue
                    }
                    guard let window = int(value, what: "the window of bus address \(address.value)", minimum: 1) else { continue }
                    if !windows.contains(window.value) {
                        report(
                            "bus address \(address.value) of \(what) names window \(window.value), which the hall does not have",
                            at: window.position)
                    }
                    addresses[address.value] = window.value
                }
            } else {
                report("'addresses' of \(what) must map bus addresses to windows, e.g. {1: 1, 2: 2}", at: node)
            }
        }
        guard let id, let path, let profile else { return nil }
        return (BusSetup(id: id.value, path: path.value, profile: profile, addresses: addresses), id)
    }

    private mutating func deviceID(_ f: Fields) -> Located<String>? {
        guard let id = string(f, "id") else { return nil }
        if id.value.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            report("device id '\(id.value)' may hold only letters, digits, '-' and '_'", at: id.position)
            return nil
        }
        return id
    }

    private mutating func window(_ f: Fields, windows: Set<Int>) -> Located<Int>? {
        guard let window = int(f, "window", minimum: 1) else { return nil }
        guard windows.contains(window.value) else {
            report("\(f.what) names window \(window.value), which the hall does not have", at: window.position)
            return nil
        }
        return window
    }

    private mutating func buttonProfile(_ f: Fields, backend: String, what: String, profiles: KnownDeviceProfiles?) -> String? {
        guard let profile = string(f, "profile") else { return nil }
        guard let known = profiles?.buttons else { return profile.value }
        guard let actual = known[profile.value] else {
            let hint = Self.closest(to: profile.value, among: known.keys.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
            report("unknown button profile '\(profile.value)'\(hint): profiles are the files in Devices/buttons", at: profile.position)
            return nil
        }
        guard actual == backend else {
            let place = backend == "rs485" ? "under 'buttons'" : "under 'buses'"
            report("profile '\(profile.value)' is an \(actual) device: name it \(place)", at: profile.position)
            return nil
        }
        return profile.value
    }

    /// Why `path` cannot be a usblp printer, or nil. The printer may be unplugged while the hall file
    /// is edited, so a missing path is accepted; one that exists must be a character device (a udev
    /// symlink to one is fine): never a regular file such as /etc/passwd, a directory or a FIFO.
    static func usblpRefusal(_ path: String) -> String? {
        let outsideDev = "the usblp path must be a device under /dev/, such as /dev/usb/lp0, found '\(path)'"
        var info = stat()
        guard stat(path, &info) == 0 else { return path.hasPrefix("/dev/") ? nil : outsideDev }
        switch info.st_mode & S_IFMT {
        case S_IFCHR: return path.hasPrefix("/dev/") ? nil : outsideDev
        case S_IFDIR: return "\(path) is a directory, not a printer's character device"
        case S_IFIFO: return "\(path) is a FIFO, not a printer's character device"
        case S_IFREG: return "\(path) is a regular file, not a printer's character device"
        default: return "\(path) is not a printer's character device"
        }
    }
}

extension NodeReader {
    /// The shortest evaluator token the hall file accepts: a token is the evaluator's password.
    static let minimumEvaluatorTokenLength = 20

    /// A window's `evaluator_token`: at least ``minimumEvaluatorTokenLength`` letters, digits, `-`
    /// or `_`. A refused token is reported with its place, never with its text.
    mutating func evaluatorToken(_ fields: Fields) -> Located<String>? {
        guard let token = string(fields, "evaluator_token", required: false) else { return nil }
        let allowed = token.value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
        guard allowed, token.value.count >= Self.minimumEvaluatorTokenLength else {
            report(
                "the evaluator token of \(fields.what) must be at least \(Self.minimumEvaluatorTokenLength) letters, digits, '-' or '_'",
                at: token.position)
            return nil
        }
        return token
    }
}
