import Foundation

/// What a scanner says about one of its options (`SANE_Option_Descriptor`), as plain values.
public struct SaneOptionDescriptor: Hashable, Sendable {
    public enum ValueType: Int32, Hashable, Sendable {
        case bool = 0, int, fixed, string, button, group
    }

    public enum Unit: Int32, Hashable, Sendable {
        case none = 0, pixel, bit, millimetre, dpi, percent, microsecond
    }

    public enum Constraint: Hashable, Sendable {
        case none
        /// For `.fixed` options the bounds are already unfixed (millimetres, dpi …).
        case range(minimum: Double, maximum: Double, quantisation: Double)
        case numbers([Double])
        case strings([String])
    }

    /// `SANE_CAP_*` bits.
    public struct Capabilities: OptionSet, Hashable, Sendable {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let softSelect = Capabilities(rawValue: 1)
        public static let hardSelect = Capabilities(rawValue: 2)
        public static let softDetect = Capabilities(rawValue: 4)
        public static let emulated = Capabilities(rawValue: 8)
        public static let automatic = Capabilities(rawValue: 16)
        public static let inactive = Capabilities(rawValue: 32)
        public static let advanced = Capabilities(rawValue: 64)
    }

    /// The option's number for `sane_control_option`.
    public var index: Int32
    public var name: String
    public var title: String
    public var summary: String
    public var type: ValueType
    public var unit: Unit
    /// Size of the value in bytes (`SANE_Word`s for numbers, including the NUL for strings).
    public var size: Int32
    public var capabilities: Capabilities
    public var constraint: Constraint

    public init(
        index: Int32, name: String, title: String = "", summary: String = "", type: ValueType, unit: Unit = .none,
        size: Int32 = 4, capabilities: Capabilities = [.softSelect, .softDetect], constraint: Constraint = .none
    ) {
        self.index = index
        self.name = name
        self.title = title
        self.summary = summary
        self.type = type
        self.unit = unit
        self.size = size
        self.capabilities = capabilities
        self.constraint = constraint
    }

    public var isActive: Bool { !capabilities.contains(.inactive) }
    /// Active and settable by software.
    public var isSettable: Bool { isActive && capabilities.contains(.softSelect) }
    /// How many words a number option holds (1 for a scalar, more for an array such as a gamma table).
    var wordCount: Int { max(1, Int(size) / 4) }
}

/// The value of an option. Numbers are `Double` for `.fixed` options and whole for `.int` options.
public enum SaneValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case fixed(Double)
    case string(String)
    case ints([Int])
    case fixeds([Double])
    /// Pressing a button option.
    case press

    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .fixed(let value): "\(value)"
        case .string(let value): value
        case .ints(let values): values.map(String.init).joined(separator: ",")
        case .fixeds(let values): values.map { "\($0)" }.joined(separator: ",")
        case .press: "press"
        }
    }

    /// Reads a value written as text ("yes", "150", "12.5", "Grid", "1,2,3") for `option`'s type.
    public init?(parsing text: String, for option: SaneOptionDescriptor) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch option.type {
        case .bool:
            switch trimmed.lowercased() {
            case "yes", "true", "1", "on": self = .bool(true)
            case "no", "false", "0", "off": self = .bool(false)
            default: return nil
            }
        case .int:
            let values = trimmed.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
            self = values.count == 1 ? .int(values[0]!) : .ints(values.map { $0! })
        case .fixed:
            let values = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
            self = values.count == 1 ? .fixed(values[0]!) : .fixeds(values.map { $0! })
        case .string: self = .string(text)
        case .button: self = .press
        case .group: return nil
        }
    }

    /// A number, whichever kind.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .fixed(let value): value
        case .ints(let values): values.first.map(Double.init)
        case .fixeds(let values): values.first
        default: nil
        }
    }
}

/// What `sane_control_option` reported about a set (`SANE_INFO_*`).
public struct SaneSetInfo: OptionSet, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    /// The backend rounded the value: read it back to know what was set.
    public static let inexact = SaneSetInfo(rawValue: 1)
    /// Other options changed (appeared, vanished, new constraints): re-read every descriptor.
    public static let reloadOptions = SaneSetInfo(rawValue: 2)
    public static let reloadParameters = SaneSetInfo(rawValue: 4)
}

/// One scanner as `sane_get_devices` lists it.
public struct ScannerDevice: Hashable, Sendable, Codable {
    /// The name to open, e.g. `fujitsu:fi-7160:12345` or `test:0`.
    public var name: String
    public var vendor: String
    public var model: String
    public var type: String

    public init(name: String, vendor: String, model: String, type: String) {
        self.name = name
        self.vendor = vendor
        self.model = model
        self.type = type
    }
}

/// `SANE_Parameters` of the frame about to be read.
public struct SaneFrameParameters: Hashable, Sendable {
    public enum Format: Int32, Hashable, Sendable {
        case gray = 0, rgb, red, green, blue
    }

    public var format: Format
    public var isLastFrame: Bool
    public var bytesPerLine: Int
    public var pixelsPerLine: Int
    /// -1 when the device does not know the height in advance (hand-held scanners).
    public var lines: Int
    public var depth: Int

    public init(format: Format, isLastFrame: Bool, bytesPerLine: Int, pixelsPerLine: Int, lines: Int, depth: Int) {
        self.format = format
        self.isLastFrame = isLastFrame
        self.bytesPerLine = bytesPerLine
        self.pixelsPerLine = pixelsPerLine
        self.lines = lines
        self.depth = depth
    }
}
