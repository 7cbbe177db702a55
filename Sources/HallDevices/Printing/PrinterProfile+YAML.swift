import Foundation
import HallYAML
import Yams

/// A profile or layout file that cannot be used, with where and why.
public struct FileFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }

    /// A problem found by the YAML reader the profiles share with the hall file.
    init(_ problem: YAMLProblem) {
        self.init(file: problem.file, line: problem.line, reason: problem.message)
    }
}

extension PrinterProfile {
    /// Loads every `*.yaml` in `directory`, sorted by file name. Throws on the first bad file.
    public static func loadAll(from directory: URL) throws -> [PrinterProfile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return try names.map { try load(from: directory.appendingPathComponent($0)) }
    }

    /// Loads one profile file.
    public static func load(from file: URL) throws -> PrinterProfile {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw FileFormatError(file: file.path, line: 0, reason: "cannot read: \(error.localizedDescription)")
        }
        let id = file.deletingPathExtension().lastPathComponent
        return try parse(text, id: id, file: file.path)
    }

    static let keys = [
        "name", "match", "width_dots", "text", "cut", "feed_before_cut", "qr", "barcode", "status", "raster_max_rows", "usb",
    ]

    /// Parses profile YAML. `file` only names the source in errors; the first problem is thrown.
    public static func parse(_ yaml: String, id: String, file: String) throws(FileFormatError) -> PrinterProfile {
        var reader = NodeReader(file: file)
        do {
            guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
                throw reader.stopAtStart("file name '\(id)' must be lower-case letters, digits and '-'")
            }
            let composed = reader.compose(yaml, empty: "the file is empty", syntaxLead: "not valid YAML")
            let root = try NodeReader.need(composed)
            return try reader.printerProfile(root, id: id)
        } catch {
            throw FileFormatError(reader.problems.first ?? YAMLProblem(file: file, line: 1, column: 1, message: "unreadable"))
        }
    }
}

extension NodeReader {
    /// Reports `message` at the start of the file and returns the error that stops reading.
    mutating func stopAtStart(_ message: String) -> StopReading {
        report(message, at: .start)
        return StopReading()
    }

    /// Checks each step and stops at the first problem: a profile is fixed one line at a time.
    fileprivate mutating func printerProfile(_ root: Node, id: String) throws(StopReading) -> PrinterProfile {
        let top = try Self.need(fields(root, of: "the profile", allowed: PrinterProfile.keys))
        if !problems.isEmpty { throw StopReading() }
        let name = try Self.need(string(top, "name")).value
        let matchNode = try Self.need(value(top, "match", required: true))
        let m = try Self.need(fields(matchNode, of: "'match'", allowed: ["vendor", "product", "class", "manufacturer", "product_string"]))
        if !problems.isEmpty { throw StopReading() }
        let vendorNode = try Self.need(value(m, "vendor", required: true))
        let vendor = try usbID(vendorNode)
        let product: UInt16? = if let node = value(m, "product", required: false) { try usbID(node) } else { nil }
        let match = USBMatchRule(
            vendorID: vendor, productID: product,
            interfaceClass: UInt8(try optional(m, "class") { r, n in r.int(n, what: "'class' in 'match'", maximum: 255) } ?? 7),
            manufacturer: try optional(m, "manufacturer") { r, n in r.string(n, what: "'manufacturer' in 'match'") },
            product: try optional(m, "product_string") { r, n in r.string(n, what: "'product_string' in 'match'") })
        let width = try Self.need(int(top, "width_dots", minimum: 8, maximum: 2048))
        if width.value % 8 != 0 { throw stop("width_dots must be a multiple of 8", at: top["width_dots"]!) }
        var text = TextCapabilities()
        if let textNode = top["text"] {
            let t = try Self.need(fields(textNode, of: "'text'", allowed: ["chinese_font", "encoding", "kanji_mode", "code_page"]))
            if !problems.isEmpty { throw StopReading() }
            if try optional(t, "chinese_font", { r, n in r.bool(n, what: "'chinese_font' in 'text'") }) ?? false {
                let encoding = try Self.need(string(t, "encoding"))
                guard let e = ChineseEncoding(rawValue: encoding.value) else {
                    report("encoding must be gb18030 or gbk, not '\(encoding.value)'", at: encoding.position)
                    throw StopReading()
                }
                text.chineseEncoding = e
            }
            text.kanjiMode = try optional(t, "kanji_mode") { r, n in r.bool(n, what: "'kanji_mode' in 'text'") } ?? false
            text.codePage = try optional(t, "code_page") { r, n in r.int(n, what: "'code_page' in 'text'", maximum: 255) }
                .map(UInt8.init)
        }
        var cut: CutMode? = .partial
        switch try optional(top, "cut", { r, n in r.choice(n, what: "'cut'", among: ["full", "partial", "none"]) }) {
        case "full": cut = .full
        case "none": cut = nil
        default: cut = .partial
        }
        let qr = try optional(top, "qr") { r, n in r.choice(n, what: "'qr'", among: ["native", "raster"]) } ?? "native"
        let barcode = try optional(top, "barcode") { r, n in r.choice(n, what: "'barcode'", among: ["native", "raster"]) } ?? "native"
        var realtime = false
        if let s = top["status"] {
            let sm = try Self.need(fields(s, of: "'status'", allowed: ["realtime"]))
            if !problems.isEmpty { throw StopReading() }
            realtime = try optional(sm, "realtime") { r, n in r.bool(n, what: "'realtime' in 'status'") } ?? false
        }
        var detach = false
        if let u = top["usb"] {
            let um = try Self.need(fields(u, of: "'usb'", allowed: ["detach_kernel_driver"]))
            if !problems.isEmpty { throw StopReading() }
            detach = try optional(um, "detach_kernel_driver") { r, n in r.bool(n, what: "'detach_kernel_driver' in 'usb'") } ?? false
        }
        return PrinterProfile(
            id: id, name: name, match: match, widthDots: width.value, text: text, cut: cut,
            feedBeforeCut: try optional(top, "feed_before_cut") { r, n in r.int(n, what: "'feed_before_cut'", maximum: 20) } ?? 4,
            nativeQRCode: qr == "native", nativeBarcode: barcode == "native", realtimeStatus: realtime,
            rasterMaxRows: try optional(top, "raster_max_rows") { r, n in
                r.int(n, what: "'raster_max_rows'", minimum: 24, maximum: 4095)
            } ?? 1024,
            detachKernelDriver: detach)
    }

    /// The value of an optional key read by `read`; nil when absent, a stop when `read` found a problem.
    fileprivate mutating func optional<T>(
        _ fields: Fields, _ key: String, _ read: (inout NodeReader, Node) -> Located<T>?
    ) throws(StopReading) -> T? {
        guard let node = value(fields, key, required: false) else { return nil }
        return try Self.need(read(&self, node)).value
    }

    /// A USB id written as four hex digits in quotes ("04b8"), as lsusb prints it.
    fileprivate mutating func usbID(_ node: Node) throws(StopReading) -> UInt16 {
        guard case .scalar(let s) = node, s.string.count == 4, let v = UInt16(s.string, radix: 16) else {
            throw stop("expected a USB id of four hex digits in quotes, e.g. \"04b8\"", at: node)
        }
        return v
    }
}
