/// How one model of evaluator, caller keypad or bus maps its keys to ``LogicalButton``s.
///
/// Profiles live in `Devices/buttons/*.yaml`, one per model; see ``ButtonProfile/parse(yaml:file:)``
/// for the format. An evaluator with fewer than five keys maps them onto the five levels, and must
/// reach both the best (`rate5`) and the worst (`rate1`) level.
public struct ButtonProfile: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 评价器: rating keys only.
        case evaluator
        /// 呼叫器: the clerk's keys only.
        case caller
        /// One device (or bus) carrying both.
        case callerEvaluator
    }

    public enum Backend: Sendable, Hashable {
        /// An input device read through libevdev: evdev key code → button.
        case evdev(match: EvdevMatch, keys: [UInt16: LogicalButton])
        /// The RS-485 bus on a serial port, reached through a USB adapter with these ids.
        case rs485(adapters: [USBDeviceID], protocol: BusProtocol)
    }

    public var id: String
    public var kind: Kind
    /// What a person reads: maker, model, where it is sold.
    public var summary: String
    public var backend: Backend
    /// The file it came from, for messages.
    public var file: String

    public init(id: String, kind: Kind, summary: String, backend: Backend, file: String) {
        self.id = id
        self.kind = kind
        self.summary = summary
        self.backend = backend
        self.file = file
    }

    /// The key map for ``EvdevButtonReader``; empty for a bus profile.
    public var evdevKeyMap: [UInt16: LogicalButton] {
        if case .evdev(_, let keys) = backend { return keys }
        return [:]
    }

    /// Which input devices this profile is for; `nil` for a bus profile.
    public var evdevMatch: EvdevMatch? {
        if case .evdev(let match, _) = backend { return match }
        return nil
    }

    /// The protocol for ``BusButtonReader``; `nil` for an evdev profile.
    public var busProtocol: BusProtocol? {
        if case .rs485(_, let busProtocol) = backend { return busProtocol }
        return nil
    }

    /// Every button this profile can produce.
    public var buttons: Set<LogicalButton> {
        switch backend {
        case .evdev(_, let keys): Set(keys.values)
        case .rs485(_, let busProtocol): Set(busProtocol.keys.values).union(busProtocol.ratingKeys.values)
        }
    }
}

/// A profile that cannot be used, with where and why.
public struct ButtonProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the file could not be read at all.
    public var line: Int
    public var column: Int
    public var reason: String

    public init(file: String, line: Int, column: Int = 0, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `Devices/buttons/x.yaml:7:3: unknown logical button "rate6"`.
    public var description: String {
        column > 0 ? "\(file):\(line):\(column): \(reason)" : "\(file):\(line): \(reason)"
    }
}
