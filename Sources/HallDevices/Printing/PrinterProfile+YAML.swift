import Foundation
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

    /// Parses profile YAML. `file` only names the source in errors.
    public static func parse(_ yaml: String, id: String, file: String) throws -> PrinterProfile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw FileFormatError(file: file, line: 1, reason: "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw FileFormatError(file: file, line: error.line ?? 0, reason: "not valid YAML: \(error.problem)")
        }
        let r = YAMLReader(file: file)
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw FileFormatError(
                file: file, line: 1, reason: "file name '\(id)' must be lower-case letters, digits and '-'")
        }
        let top = try r.mapping(root, allowed: [
            "name", "match", "width_dots", "text", "cut", "feed_before_cut", "qr", "barcode", "status",
            "raster_max_rows", "usb",
        ])
        let name = try r.string(r.required(top, "name", in: root))
        let matchNode = try r.required(top, "match", in: root)
        let m = try r.mapping(matchNode, allowed: ["vendor", "product", "class", "manufacturer", "product_string"])
        let match = USBMatchRule(
            vendorID: try r.hex16(r.required(m, "vendor", in: matchNode)),
            productID: try m["product"].map(r.hex16),
            interfaceClass: UInt8(try m["class"].map { try r.int($0, in: 0...255) } ?? 7),
            manufacturer: try m["manufacturer"].map(r.string),
            product: try m["product_string"].map(r.string))
        let width = try r.int(r.required(top, "width_dots", in: root), in: 8...2048)
        if width % 8 != 0 {
            throw FileFormatError(file: file, line: r.line(top["width_dots"]), reason: "width_dots must be a multiple of 8")
        }
        var text = TextCapabilities()
        if let textNode = top["text"] {
            let t = try r.mapping(textNode, allowed: ["chinese_font", "encoding", "kanji_mode", "code_page"])
            let chinese = try t["chinese_font"].map(r.bool) ?? false
            if chinese {
                let encNode = try r.required(t, "encoding", in: textNode)
                let enc = try r.string(encNode)
                guard let e = ChineseEncoding(rawValue: enc) else {
                    throw FileFormatError(
                        file: file, line: r.line(encNode), reason: "encoding must be gb18030 or gbk, not '\(enc)'")
                }
                text.chineseEncoding = e
            }
            text.kanjiMode = try t["kanji_mode"].map(r.bool) ?? false
            text.codePage = try t["code_page"].map { UInt8(try r.int($0, in: 0...255)) }
        }
        var cut: CutMode? = .partial
        if let c = top["cut"] {
            switch try r.string(c) {
            case "full": cut = .full
            case "partial": cut = .partial
            case "none": cut = nil
            case let other:
                throw FileFormatError(file: file, line: r.line(c), reason: "cut must be full, partial or none, not '\(other)'")
            }
        }
        let qr = try top["qr"].map { try r.choice($0, ["native", "raster"]) } ?? "native"
        let barcode = try top["barcode"].map { try r.choice($0, ["native", "raster"]) } ?? "native"
        var realtime = false
        if let s = top["status"] {
            let sm = try r.mapping(s, allowed: ["realtime"])
            realtime = try sm["realtime"].map(r.bool) ?? false
        }
        var detach = false
        if let u = top["usb"] {
            let um = try r.mapping(u, allowed: ["detach_kernel_driver"])
            detach = try um["detach_kernel_driver"].map(r.bool) ?? false
        }
        return PrinterProfile(
            id: id, name: name, match: match, widthDots: width, text: text, cut: cut,
            feedBeforeCut: try top["feed_before_cut"].map { try r.int($0, in: 0...20) } ?? 4,
            nativeQRCode: qr == "native", nativeBarcode: barcode == "native", realtimeStatus: realtime,
            rasterMaxRows: try top["raster_max_rows"].map { try r.int($0, in: 24...4095) } ?? 1024,
            detachKernelDriver: detach)
    }
}

extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    var problem: String {
        switch self {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): return p
        default: return "\(self)"
        }
    }
}

/// Reads Yams nodes with file/line errors.
struct YAMLReader {
    let file: String

    func line(_ node: Node?) -> Int { node?.mark?.line ?? 0 }

    func fail(_ node: Node?, _ reason: String) -> FileFormatError {
        FileFormatError(file: file, line: line(node), reason: reason)
    }

    func mapping(_ node: Node, allowed: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, "expected a mapping of keys to values") }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            guard let k = key.string else { throw fail(key, "keys must be strings") }
            guard allowed.contains(k) else {
                throw fail(key, "unknown key '\(k)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            out[k] = value
        }
        return out
    }

    func required(_ map: [String: Node], _ key: String, in parent: Node) throws -> Node {
        guard let node = map[key] else { throw fail(parent, "missing required key '\(key)'") }
        return node
    }

    func string(_ node: Node) throws -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw fail(node, "expected a non-empty text value") }
        return s.string
    }

    func bool(_ node: Node) throws -> Bool {
        guard case .scalar = node, let b = node.bool else { throw fail(node, "expected true or false") }
        return b
    }

    func int(_ node: Node, in range: ClosedRange<Int>) throws -> Int {
        guard case .scalar = node, let i = node.int else { throw fail(node, "expected a whole number") }
        guard range.contains(i) else { throw fail(node, "\(i) is out of range \(range.lowerBound)…\(range.upperBound)") }
        return i
    }

    func choice(_ node: Node, _ options: [String]) throws -> String {
        let s = try string(node)
        guard options.contains(s) else {
            throw fail(node, "expected one of \(options.joined(separator: ", ")), not '\(s)'")
        }
        return s
    }

    /// A USB id written as four hex digits in quotes ("04b8"), as lsusb prints it.
    func hex16(_ node: Node) throws -> UInt16 {
        guard case .scalar(let s) = node, s.string.count == 4, let v = UInt16(s.string, radix: 16) else {
            throw fail(node, "expected a USB id of four hex digits in quotes, e.g. \"04b8\"")
        }
        return v
    }
}
