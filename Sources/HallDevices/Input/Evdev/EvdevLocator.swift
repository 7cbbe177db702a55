/// Where to find an evdev device, looked up again at every (re)connection: after a replug the
/// kernel may give the device another `eventN`.
public enum EvdevLocator: Sendable, Hashable, CustomStringConvertible {
    /// A device node or a udev symlink to one (`/dev/input/by-id/…`, `/dev/servicehall/…`).
    case path(String)
    /// The first `/dev/input/event*` whose identity matches.
    case matching(EvdevMatch)

    public var description: String {
        switch self {
        case .path(let path): path
        case .matching(let match): "evdev device matching \(match)"
        }
    }
}

/// Which evdev devices a profile is for: by the name the device reports, or by USB ids.
public struct EvdevMatch: Sendable, Hashable, CustomStringConvertible {
    public var names: [String]
    public var usbIDs: [USBDeviceID]

    public init(names: [String] = [], usbIDs: [USBDeviceID] = []) {
        self.names = names
        self.usbIDs = usbIDs
    }

    public func matches(_ identity: EvdevIdentity) -> Bool {
        names.contains(identity.name)
            || usbIDs.contains(USBDeviceID(vendorID: identity.vendorID, productID: identity.productID))
    }

    public var description: String {
        (names.map { "\"\($0)\"" } + usbIDs.map(\.description)).joined(separator: " or ")
    }
}

/// Finding evdev devices on this machine.
public enum EvdevDiscovery {
    /// Every `/dev/input/event*` node with its identity, in node order. Nodes that cannot be opened
    /// (permissions, gone meanwhile) are left out.
    public static func devices(in directory: String = "/dev/input") -> [(path: String, identity: EvdevIdentity)] {
        devices(in: directory, calls: .live)
    }

    static func devices(in directory: String, calls: InputSystemCalls) -> [(path: String, identity: EvdevIdentity)] {
        calls.listDirectory(directory)
            .filter { $0.hasPrefix("event") }
            .sorted { (Int($0.dropFirst(5)) ?? 0) < (Int($1.dropFirst(5)) ?? 0) }
            .compactMap { name in
                let path = directory + "/" + name
                guard let handle = try? EvdevHandle(path: path, calls: calls) else { return nil }
                return (path, handle.identity)
            }
    }

    static func resolve(_ locator: EvdevLocator, calls: InputSystemCalls) -> String? {
        switch locator {
        case .path(let path):
            return path
        case .matching(let match):
            return devices(in: "/dev/input", calls: calls).first { match.matches($0.identity) }?.path
        }
    }
}
