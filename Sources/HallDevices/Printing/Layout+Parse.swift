import Foundation

extension Layout {
    /// Loads every `*.layout` in a folder, keyed by name without extension (ticket, receipt, notice).
    public static func loadAll(from directory: URL) throws -> [String: Layout] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".layout") }
        var out: [String: Layout] = [:]
        for name in names.sorted() {
            out[String(name.dropLast(".layout".count))] = try load(from: directory.appendingPathComponent(name))
        }
        return out
    }

    /// Loads one layout file; a bad file throws `FileFormatError` with file, line and reason.
    public static func load(from url: URL) throws -> Layout {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileFormatError(file: url.path, line: 0, reason: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses layout text. Images are resolved relative to `baseDirectory`.
    public static func parse(_ text: String, file: String, baseDirectory: URL? = nil) throws -> Layout {
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            func fail(_ reason: String) -> FileFormatError { FileFormatError(file: file, line: number, reason: reason) }

            // Split "head: content" at the first colon; content keeps its inner spaces.
            var head = trimmed, content: String?
            if let colon = trimmed.firstIndex(of: ":") {
                head = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
                content = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            }
            var words = head.split(separator: " ").map(String.init)
            guard !words.isEmpty else { throw fail("a line must start with a directive") }
            let directive = words.removeFirst()

            var alignment: PrintAlignment?
            var bold = false, size: (Int, Int)?, when: String?, qrSize: Int?, ecc: QRErrorCorrection?
            var symbology: BarcodeSymbology?, height: Int?, bare: [String] = []
            for word in words {
                if let a = PrintAlignment(rawValue: word) { alignment = a; continue }
                if word == "bold" { bold = true; continue }
                if let s = BarcodeSymbology(rawValue: word), directive == "barcode" { symbology = s; continue }
                if let eq = word.firstIndex(of: "=") {
                    let key = String(word[..<eq]), value = String(word[word.index(after: eq)...])
                    switch (key, directive) {
                    case ("when", _):
                        guard isName(value) else { throw fail("when= needs a value name, not '\(value)'") }
                        when = value
                    case ("size", "qr"):
                        guard let n = Int(value), (1...16).contains(n) else { throw fail("qr size must be 1…16 dots, not '\(value)'") }
                        qrSize = n
                    case ("ecc", "qr"):
                        guard let e = QRErrorCorrection(rawValue: value) else { throw fail("ecc must be L, M, Q or H, not '\(value)'") }
                        ecc = e
                    case ("size", _):
                        let p = value.split(separator: "x").compactMap { Int($0) }
                        guard p.count == 2, (1...8).contains(p[0]), (1...8).contains(p[1]) else {
                            throw fail("size must be WxH with 1…8 each, e.g. 2x2, not '\(value)'")
                        }
                        size = (p[0], p[1])
                    case ("height", "barcode"):
                        guard let n = Int(value), (1...255).contains(n) else { throw fail("barcode height must be 1…255, not '\(value)'") }
                        height = n
                    default:
                        throw fail("option '\(key)=' does not apply to '\(directive)'")
                    }
                    continue
                }
                bare.append(word)
            }

            func template() throws -> Template {
                guard let content, !content.isEmpty else { throw fail("'\(directive)' needs content after ':'") }
                return try parseTemplate(content, fail: fail)
            }
            func noContent() throws {
                if let content, !content.isEmpty { throw fail("'\(directive)' takes no content after ':'") }
            }
            func noBare() throws {
                if let w = bare.first { throw fail("unknown option '\(w)' for '\(directive)'") }
            }
            var style = TextStyle(alignment: alignment ?? .left, bold: bold, widthScale: size?.0 ?? 1, heightScale: size?.1 ?? 1)

            let parsed: Directive
            switch directive {
            case "text":
                try noBare()
                parsed = .text(try template(), style)
            case "big":
                try noBare()
                style = TextStyle.bigNumber
                if let alignment { style.alignment = alignment }
                if let size { style.widthScale = size.0; style.heightScale = size.1 }
                parsed = .text(try template(), style)
            case "rule":
                try noBare()
                let c = content.flatMap { $0.isEmpty ? nil : $0 } ?? "-"
                guard c.count == 1, let ch = c.first else { throw fail("rule takes one character, not '\(c)'") }
                parsed = .rule(ch)
            case "qr":
                try noBare()
                parsed = .qr(try template(), moduleSize: qrSize ?? 6, errorCorrection: ecc ?? .medium, alignment: alignment ?? .center)
            case "barcode":
                try noBare()
                parsed = .barcode(try template(), symbology ?? .code128, height: height ?? 80, alignment: alignment ?? .center)
            case "image":
                try noBare()
                guard let content, !content.isEmpty else { throw fail("image needs a PNG file name after ':'") }
                let url = (baseDirectory ?? URL(fileURLWithPath: ".")).appendingPathComponent(content)
                do { parsed = .image(try Bitmap.loadPNG(url, maxWidth: 576), alignment: alignment ?? .center) } catch {
                    throw fail("cannot load image '\(content)': \(error)")
                }
            case "feed":
                try noContent()
                guard bare.count <= 1 else { throw fail("feed takes one number of lines") }
                let n = bare.first.map { Int($0) } ?? 1
                guard let n, (0...255).contains(n) else { throw fail("feed takes a number of lines 0…255, not '\(bare[0])'") }
                parsed = .feed(n)
            case "cut":
                try noContent()
                guard bare.count <= 1 else { throw fail("cut takes at most one option: full or partial") }
                switch bare.first {
                case nil, "partial": parsed = .cut(.partial)
                case "full": parsed = .cut(.full)
                case let other?: throw fail("cut is full or partial, not '\(other)'")
                }
            case "each":
                guard let list = bare.first, bare.count == 1, isName(list) else {
                    throw fail("each needs the name of one list, e.g. 'each materials: {index}. {item}'")
                }
                parsed = .each(list: list, try template(), style)
            default:
                throw fail("unknown directive '\(directive)' (text, big, rule, qr, barcode, image, feed, cut, each)")
            }
            lines.append(Line(number: number, directive: parsed, when: when))
        }
        guard !lines.isEmpty else { throw FileFormatError(file: file, line: 1, reason: "the layout prints nothing") }
        return Layout(file: file, lines: lines)
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func parseTemplate(_ s: String, fail: (String) -> FileFormatError) throws -> Template {
        var parts: [Template.Part] = []
        var literal = "", name: String?
        for ch in s {
            if var n = name {
                if ch == "}" {
                    guard isName(n) else { throw fail("placeholder {\(n)} must be letters, digits or _") }
                    if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                    parts.append(.value(n))
                    name = nil
                } else if ch == "{" {
                    throw fail("'{' inside a placeholder")
                } else {
                    n.append(ch); name = n
                }
            } else if ch == "{" {
                name = ""
            } else if ch == "}" {
                throw fail("'}' without a matching '{'")
            } else {
                literal.append(ch)
            }
        }
        if name != nil { throw fail("placeholder is not closed with '}'") }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return Template(parts: parts)
    }
}
