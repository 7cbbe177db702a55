import Foundation

/// Values a layout is filled with: single values by name, and lists (the materials to bring).
public struct LayoutValues: Sendable, Hashable {
    public var strings: [String: String]
    public var lists: [String: [String]]

    public init(_ strings: [String: String] = [:], lists: [String: [String]] = [:]) {
        self.strings = strings
        self.lists = lists
    }
}

/// A layout file from Layouts/: what a ticket, receipt or notice shows and in which order.
///
/// One directive per line, `directive [options]: content`, `{name}` placeholders in content,
/// `#` starts a comment line:
///
/// ```
/// text center bold: {hall_name}
/// big: {number}
/// text when=note: 备注：{note}
/// each materials: {index}. {item}
/// qr size=6: {qr}
/// cut
/// ```
///
/// Directives: `text`, `big` (the queue number), `rule` (content = the character, default `-`),
/// `qr`, `barcode`, `image` (content = PNG path relative to the layout), `feed N`, `cut [full]`,
/// `each LIST` (one line per list item; `{item}` and `{index}` plus all values).
/// Options: `left|center|right`, `bold`, `size=WxH` (1…8), `when=NAME` (only if NAME has a
/// non-empty value or list), for qr `size=N` (module dots) and `ecc=L|M|Q|H`, for barcode
/// `code39|code128|ean13` and `height=N`.
public struct Layout: Sendable, Hashable {
    public var file: String
    public var lines: [Line]

    public struct Line: Sendable, Hashable {
        public var number: Int
        public var directive: Directive
        /// Skip this line unless the named value or list is present and non-empty.
        public var when: String?
    }

    public enum Directive: Sendable, Hashable {
        case text(Template, TextStyle)
        case rule(Character)
        case qr(Template, moduleSize: Int, errorCorrection: QRErrorCorrection, alignment: PrintAlignment)
        case barcode(Template, BarcodeSymbology, height: Int, alignment: PrintAlignment)
        case image(Bitmap, alignment: PrintAlignment)
        case feed(Int)
        case cut(CutMode)
        case each(list: String, Template, TextStyle)
    }

    /// Text with `{name}` placeholders, split at parse time.
    public struct Template: Sendable, Hashable {
        public enum Part: Sendable, Hashable {
            case literal(String)
            case value(String)
        }

        public var parts: [Part]

        public var placeholders: [String] {
            parts.compactMap { if case .value(let n) = $0 { return n } else { return nil } }
        }
    }

    /// Errors when filling a layout with values.
    public struct FillError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Fills the layout: the print document for these values.
    public func document(_ values: LayoutValues) throws -> PrintDocument {
        var doc = PrintDocument()
        for line in lines {
            if let key = line.when {
                let present = !(values.strings[key] ?? "").isEmpty || !(values.lists[key] ?? []).isEmpty
                if !present { continue }
            }
            switch line.directive {
            case .text(let t, let style):
                doc.text(try fill(t, values.strings, line: line.number), style: style)
            case .rule(let c):
                doc.rule(c)
            case .qr(let t, let size, let ecc, let alignment):
                doc.qrCode(try fill(t, values.strings, line: line.number), moduleSize: size, errorCorrection: ecc, alignment: alignment)
            case .barcode(let t, let symbology, let height, let alignment):
                doc.barcode(try fill(t, values.strings, line: line.number), symbology, height: height, alignment: alignment)
            case .image(let bitmap, let alignment):
                doc.image(bitmap, alignment: alignment)
            case .feed(let n):
                doc.feed(n)
            case .cut(let mode):
                doc.cut(mode)
            case .each(let list, let t, let style):
                guard let items = values.lists[list] else {
                    throw FillError(file: file, line: line.number, reason: "no list named '\(list)' was given")
                }
                for (i, item) in items.enumerated() {
                    var scope = values.strings
                    scope["item"] = item
                    scope["index"] = String(i + 1)
                    doc.text(try fill(t, scope, line: line.number), style: style)
                }
            }
        }
        return doc
    }

    private func fill(_ template: Template, _ values: [String: String], line: Int) throws -> String {
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let s): out += s
            case .value(let name):
                guard let v = values[name] else {
                    throw FillError(file: file, line: line, reason: "no value for placeholder {\(name)}")
                }
                out += v
            }
        }
        return out
    }
}
