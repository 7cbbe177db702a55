/// What the clerk (or a scanner profile) asks of a scan. Nil leaves the device's own setting.
///
/// ```swift
/// let settings = ScanSettings(resolution: 200, mode: .color, source: .feeder, duplex: true)
/// ```
public struct ScanSettings: Hashable, Sendable, Codable {
    public enum ColorMode: String, Hashable, Sendable, Codable {
        case color, gray, lineart
    }

    public enum Source: Hashable, Sendable, Codable {
        case flatbed
        /// The automatic document feeder: every page it holds is scanned.
        case feeder
        /// A source by the device's own name ("ADF Front").
        case named(String)
    }

    /// Dots per inch; the nearest value the device offers is taken.
    public var resolution: Int?
    public var mode: ColorMode?
    public var source: Source?
    /// Both sides of each sheet. Throws `.settingNotOffered` where the device cannot.
    public var duplex: Bool
    /// Stop after this many pages even if the feeder holds more.
    public var maxPages: Int?
    /// Device-specific options by SANE name, set after the standard ones, as a profile or
    /// `scanimage` would write them: `["test-picture": "Grid", "swdeskew": "yes", "brightness": "10"]`.
    public var deviceOptions: [String: String]

    public init(
        resolution: Int? = 200, mode: ColorMode? = .color, source: Source? = nil, duplex: Bool = false, maxPages: Int? = nil,
        deviceOptions: [String: String] = [:]
    ) {
        self.resolution = resolution
        self.mode = mode
        self.source = source
        self.duplex = duplex
        self.maxPages = maxPages
        self.deviceOptions = deviceOptions
    }

    /// 200 dpi colour from whatever source the device has selected.
    public static let standard = ScanSettings()
}

extension Scanner {
    /// Applies settings in the order devices expect: source (a feeder may change the other options),
    /// duplex, colour mode, resolution. Each set re-reads the descriptors when the device asks.
    public func apply(_ settings: ScanSettings) throws {
        try exclusive { try applyLocked(settings) }
    }

    func applyLocked(_ settings: ScanSettings) throws {
        if let source = settings.source {
            try setLocked("source", to: .string(try sourceName(for: source, duplex: settings.duplex)))
        }
        if settings.duplex {
            try applyDuplex()
        }
        if let mode = settings.mode {
            try setLocked("mode", to: .string(try modeName(for: mode)))
        }
        if let resolution = settings.resolution {
            guard let descriptor = option(named: "resolution") else {
                throw ScanError(.settingNotOffered, device: device, detail: "resolution")
            }
            let value = Self.nearest(Double(resolution), in: descriptor.constraint)
            try setLocked("resolution", to: descriptor.type == .fixed ? .fixed(value) : .int(Int(value)))
        }
        for name in settings.deviceOptions.keys.sorted() {
            guard let descriptor = option(named: name) else { throw ScanError(.settingNotOffered, device: device, detail: name) }
            guard let value = SaneValue(parsing: settings.deviceOptions[name]!, for: descriptor) else {
                throw ScanError(.settingNotOffered, device: device, detail: "\(name)=\(settings.deviceOptions[name]!)")
            }
            try setLocked(name, to: value)
        }
    }

    private func applyDuplex() throws {
        // A feeder source named "… Duplex" already is; else a bool option "duplex".
        if case .string(let current)? = getLocked("source"), current.lowercased().contains("duplex") { return }
        if let descriptor = option(named: "duplex"), descriptor.isSettable, descriptor.type == .bool {
            try setLocked("duplex", to: .bool(true))
            return
        }
        if let duplexSource = offered("source").first(where: { $0.lowercased().contains("duplex") }) {
            try setLocked("source", to: .string(duplexSource))
            return
        }
        throw ScanError(.settingNotOffered, device: device, detail: "duplex")
    }

    private func offered(_ name: String) -> [String] {
        if let descriptor = option(named: name), case .strings(let values) = descriptor.constraint { return values }
        return []
    }

    func sourceName(for source: ScanSettings.Source, duplex: Bool) throws -> String {
        let sources = offered("source")
        let pick: String?
        switch source {
        case .named(let name): pick = sources.contains(name) ? name : nil
        case .flatbed: pick = sources.first { $0.lowercased().contains("flatbed") }
        case .feeder:
            let feeders = sources.filter(Self.isFeeder)
            pick =
                duplex
                ? feeders.first { $0.lowercased().contains("duplex") } ?? feeders.first
                : feeders.first { !$0.lowercased().contains("duplex") && !$0.lowercased().contains("back") } ?? feeders.first
        }
        guard let pick else {
            throw ScanError(.settingNotOffered, device: device, detail: "source \(source); offered: \(sources.joined(separator: ", "))")
        }
        return pick
    }

    func modeName(for mode: ScanSettings.ColorMode) throws -> String {
        let modes = offered("mode")
        let (exact, words): (String, [String]) =
            switch mode {
            case .color: ("Color", ["color", "colour"])
            case .gray: ("Gray", ["gray", "grey"])
            case .lineart: ("Lineart", ["lineart", "binary", "black"])
            }
        if modes.contains(exact) { return exact }
        if let match = modes.first(where: { name in words.contains { name.lowercased().contains($0) } }) { return match }
        throw ScanError(.settingNotOffered, device: device, detail: "mode \(mode.rawValue); offered: \(modes.joined(separator: ", "))")
    }

    /// A source that feeds sheets: scanned until the feeder is empty.
    static func isFeeder(_ source: String) -> Bool {
        let name = source.lowercased()
        return name.contains("adf") || name.contains("feeder") || name.contains("duplex")
    }

    /// The allowed value closest to `wanted`.
    static func nearest(_ wanted: Double, in constraint: SaneOptionDescriptor.Constraint) -> Double {
        switch constraint {
        case .range(let minimum, let maximum, let quantisation):
            var value = min(max(wanted, minimum), maximum)
            if quantisation > 0 { value = minimum + ((value - minimum) / quantisation).rounded() * quantisation }
            return min(value, maximum)
        case .numbers(let values):
            return values.min { abs($0 - wanted) < abs($1 - wanted) } ?? wanted
        case .none, .strings:
            return wanted
        }
    }
}
