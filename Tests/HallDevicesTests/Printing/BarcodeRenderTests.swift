import Foundation
import Testing

@testable import HallDevices

/// Reads the bars of a rendered barcode back: element widths in dots along one scan line.
enum BarScan {
    /// Run lengths from the first black dot to the last one on row `y`, bar first, and where they start.
    static func runs(_ bitmap: Bitmap, row y: Int) -> (x: Int, runs: [Int])? {
        guard let first = (0..<bitmap.width).first(where: { bitmap[$0, y] }),
            let last = (0..<bitmap.width).last(where: { bitmap[$0, y] })
        else { return nil }
        var runs: [Int] = [], colour = true, count = 0
        for x in first...last {
            if bitmap[x, y] == colour { count += 1 } else { runs.append(count); colour.toggle(); count = 1 }
        }
        runs.append(count)
        return (first, runs)
    }

    /// Dots → modules; every run must be a whole number of modules.
    static func modules(_ runs: [Int], moduleWidth: Int) throws -> [Int] {
        for r in runs { #expect(r % moduleWidth == 0, "a \(r)-dot element is not a whole number of \(moduleWidth)-dot modules") }
        return runs.map { $0 / moduleWidth }
    }
}

/// Reference decoders, written from the symbology specifications independently of the encoder's
/// code-set choices: they only read bars and report characters and check values.
enum ReferenceDecoder {
    struct Code128Result { var text: String; var values: [Int]; var check: Int }

    static func code128(_ modules: [Int]) throws -> Code128Result {
        let table = Dictionary(uniqueKeysWithValues: SymbologyTables.code128Patterns.enumerated().map { ($1, $0) })
        try #require(modules.count % 6 == 1 && modules.count >= 6 * 3 + 7, "CODE128 has 6 elements a symbol plus a 7-element stop")
        var values: [Int] = []
        for s in stride(from: 0, to: modules.count - 7, by: 6) {
            let key = modules[s..<(s + 6)].map(String.init).joined()
            values.append(try #require(table[key], "no CODE128 symbol \(key)"))
        }
        #expect(modules.suffix(7).map(String.init).joined() == "2331112", "stop pattern")
        let check = values.removeLast()
        // The check character: start value + Σ position × value, modulo 103.
        let sum = values.enumerated().reduce(0) { $0 + ($1.offset == 0 ? $1.element : $1.offset * $1.element) }
        #expect(sum % 103 == check, "check character \(check), computed \(sum % 103)")
        var text = "", set = values[0] - 103  // 0 = A, 1 = B, 2 = C
        try #require((0...2).contains(set), "starts with START A, B or C")
        var shift = false  // SHIFT (98) in A or B: the next character only is read in the other set
        for v in values.dropFirst() {
            let current = shift ? 1 - set : set
            shift = false
            switch (current, v) {
            case (0, 98), (1, 98): shift = true
            case (2, 0..<100): text += String(format: "%02d", v)
            case (_, 99) where set != 2: set = 2
            case (_, 100) where set != 1: set = 1
            case (_, 101) where set != 0: set = 0
            case (0, 0..<64): text.append(Character(UnicodeScalar(UInt8(v + 32))))
            case (0, 64..<96): text.append(Character(UnicodeScalar(UInt8(v - 64))))
            case (1, 0..<96): text.append(Character(UnicodeScalar(UInt8(v + 32))))
            default: Issue.record("unexpected value \(v) in set \(set)")
            }
        }
        return Code128Result(text: text, values: values, check: check)
    }

    /// Elements classified narrow/wide by the narrow width; `*` start and stop removed.
    static func code39(_ runs: [Int], narrow: Int, wide: Int) throws -> String {
        for r in runs { #expect(r == narrow || r == wide, "CODE39 element of \(r) dots (narrow \(narrow), wide \(wide))") }
        let bits = runs.map { $0 == wide ? "1" : "0" }
        let table = Dictionary(uniqueKeysWithValues: SymbologyTables.code39.map { ($1, $0) })
        try #require((bits.count + 1) % 10 == 0, "9 elements a character plus a narrow gap")
        var text = ""
        for c in stride(from: 0, to: bits.count, by: 10) {
            if c > 0 { #expect(bits[c - 1] == "0", "inter-character gap is narrow") }
            let key = bits[c..<(c + 9)].joined()
            let ch = try #require(table[key], "no CODE39 character \(key)")
            #expect(key.filter { $0 == "1" }.count == 3, "3 of 9 elements wide")
            text.append(ch)
        }
        #expect(text.first == "*" && text.last == "*", "start and stop")
        return String(text.dropFirst().dropLast())
    }

    /// EAN-13 from its 95 modules: guards, L/G/R digits, first digit from the parity pattern.
    static func ean13(_ modules: [Int]) throws -> String {
        var bits = ""
        for (i, m) in modules.enumerated() { bits += String(repeating: i % 2 == 0 ? "1" : "0", count: m) }
        try #require(bits.count == 95, "EAN-13 is 95 modules, not \(bits.count)")
        let b = Array(bits)
        #expect(String(b[0..<3]) == "101" && String(b[45..<50]) == "01010" && String(b[92..<95]) == "101", "guards")
        let l = SymbologyTables.eanL
        func digit(_ s: String) -> (Int, Character)? {
            if let d = l.firstIndex(of: s) { return (d, "L") }
            let r = String(s.map { $0 == "1" ? "0" : "1" })
            if let d = l.firstIndex(of: r) { return (d, "R") }
            if let d = l.firstIndex(of: String(r.reversed())) { return (d, "G") }
            return nil
        }
        var digits: [Int] = [], parity = ""
        for k in 0..<6 {
            let (d, p) = try #require(digit(String(b[(3 + 7 * k)..<(10 + 7 * k)])))
            #expect(p != "R", "left half uses L and G")
            digits.append(d)
            parity.append(p)
        }
        for k in 0..<6 {
            let (d, p) = try #require(digit(String(b[(50 + 7 * k)..<(57 + 7 * k)])))
            #expect(p == "R", "right half uses R")
            digits.append(d)
        }
        let first = try #require(SymbologyTables.eanParity.firstIndex(of: parity), "parity \(parity)")
        let all = [first] + digits
        let sum = all.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        #expect((10 - sum % 10) % 10 == all[12], "check digit")
        return all.map(String.init).joined()
    }
}

@Suite("Barcodes: bars on the PNG as the printer draws them")
struct BarcodeRenderTests {
    static let profile = PrinterProfile(
        id: "t-58", name: "58 mm test printer", match: USBMatchRule(vendorID: 1, productID: 3), widthDots: 384,
        text: TextCapabilities(), cut: nil, feedBeforeCut: 0)
    static let topMargin = 12

    /// Renders one barcode, writes and reads back the PNG, and returns the paper.
    static func paper(_ value: String, _ symbology: BarcodeSymbology, height: Int = 60, alignment: PrintAlignment = .center, name: String)
        throws -> Bitmap
    {
        let png = TestPaths.pngOutput.appendingPathComponent("barcode-\(name).png")
        let rendered = try PaperRenderer(profile: profile)
            .writePNG(PrintDocument([.barcode(value, symbology, height: height, alignment: alignment)]), to: png).bitmap
        let loaded = try Bitmap.loadPNG(png, maxWidth: 10_000)
        #expect(loaded == rendered, "the PNG holds exactly the rendered dots")
        return loaded
    }

    /// The bars' row range: every black column of the bars is black for exactly `height` rows.
    static func barHeight(_ paper: Bitmap, x: Int) -> Int {
        var y = topMargin
        while paper[x, y] { y += 1 }
        return y - topMargin
    }

    @Test(arguments: [
        ("A012", "a012"), ("PJJ123C", "pjj123c"), ("20240612000123", "digits"), ("A0120240612X", "mixed"),
        ("tab\there", "control"), ("{x}~", "braces"), ("12345", "odd-digits"),
    ])
    func code128DecodesBackFromThePNG(value: String, name: String) throws {
        let paper = try Self.paper(value, .code128, height: 60, name: "code128-\(name)")
        let scan = try #require(BarScan.runs(paper, row: Self.topMargin + 30))
        let result = try ReferenceDecoder.code128(try BarScan.modules(scan.runs, moduleWidth: 2))
        #expect(result.text == value)
        let symbol = try BarcodeSymbol(value, .code128)
        // libzint chooses the code sets the printer is sent, except for a lone control character in
        // text: there it SHIFTs to set A for one character where the printer's data switches to A and back.
        if value != "tab\there" {
            #expect(result.values + [result.check] == symbol.codewords, "the printer's code sets")
            #expect(result.check == symbol.checkValue)
        }
        #expect(Self.barHeight(paper, x: scan.x) == 60, "GS h 60 → 60 dots of bars")
        let width = scan.runs.reduce(0, +)
        #expect(scan.x == (384 - width) / 2, "centred like ESC a 1")
        // HRI: text below the bars, within the barcode's span (or centred on it when wider).
        let textRows = (Self.topMargin + 60)..<(Self.topMargin + 60 + 30)
        let ink = textRows.flatMap { y in (0..<384).filter { paper[$0, y] } }
        #expect(!ink.isEmpty, "human-readable text below the bars")
        let centre = (ink.min()! + ink.max()!) / 2
        #expect(abs(centre - (scan.x + width / 2)) <= 12, "text centred under the bars")
    }

    @Test func code128CheckCharactersOfKnownStrings() throws {
        // PJJ123C in set B: 104 + 1·48 + 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35 = 879; 879 mod 103 = 55.
        let pjj = try BarcodeSymbol("PJJ123C", .code128)
        #expect(pjj.codewords == [104, 48, 42, 42, 17, 18, 19, 35, 55])
        #expect(pjj.escPosData == Array("{BPJJ123C".utf8))
        // 123456 in set C: 105 + 1·12 + 2·34 + 3·56 = 353; 353 mod 103 = 44.
        let digits = try BarcodeSymbol("123456", .code128)
        #expect(digits.codewords == [105, 12, 34, 56, 44])
        #expect(digits.escPosData == [0x7B, 0x43, 12, 34, 56])
        #expect(digits.width() == (11 * 5 + 13) * 2)
        // A digit run inside text switches to set C and back: the printer gets the same switches.
        let mixed = try BarcodeSymbol("A0120240612X", .code128)
        #expect(mixed.escPosData == Array("{BA{C".utf8) + [1, 20, 24, 6, 12] + Array("{BX".utf8))
        #expect(mixed.codewords.prefix(9) == [104, 33, 99, 1, 20, 24, 6, 12, 100])
        // Control characters need set A; a literal '{' is doubled for the printer; HRI prints controls as spaces.
        let tab = try BarcodeSymbol("a\tb{", .code128)
        #expect(tab.escPosData == Array("{Ba{A".utf8) + [0x09] + Array("{Bb{{".utf8))
        #expect(tab.humanReadable == "a b{")
    }

    @Test func code128PatternTableIsWellFormed() {
        #expect(SymbologyTables.code128Patterns.count == 107)
        #expect(Set(SymbologyTables.code128Patterns).count == 107, "every pattern distinct")
        for (v, p) in SymbologyTables.code128Patterns.enumerated() {
            let w = p.map { Int(String($0))! }
            #expect(w.reduce(0, +) == (v == 106 ? 13 : 11), "value \(v): \(p)")
            // Bars take an even number of modules, spaces an odd number (the symbology's parity rule).
            let bars = w.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reduce(0, +)
            #expect(bars % 2 == 0, "value \(v): bar modules \(bars)")
        }
    }

    @Test(arguments: [("400638133393", "4006381333931"), ("4006381333931", "4006381333931"), ("690123456789", "6901234567892")])
    func ean13DecodesBackWithItsCheckDigit(value: String, full: String) throws {
        let paper = try Self.paper(value, .ean13, height: 50, alignment: .left, name: "ean13-\(value)")
        let scan = try #require(BarScan.runs(paper, row: Self.topMargin + 25))
        #expect(scan.x == 0, "left-aligned bars start at the paper's edge")
        #expect(try ReferenceDecoder.ean13(try BarScan.modules(scan.runs, moduleWidth: 2)) == full)
        #expect(Self.barHeight(paper, x: 0) == 50)
        let symbol = try BarcodeSymbol(value, .ean13)
        #expect(symbol.checkValue == Int(String(full.last!)))
        #expect(symbol.humanReadable == full)
        #expect(symbol.escPosData == Array(value.utf8), "the printer gets the digits as written")
    }

    @Test func code39DecodesBackWithNarrowAndWideElements() throws {
        let paper = try Self.paper("A9-X $/+%.", .code39, height: 40, alignment: .right, name: "code39")
        let scan = try #require(BarScan.runs(paper, row: Self.topMargin + 20))
        // libzint draws wide elements twice the narrow (the printer's own table makes them 2.5 times).
        #expect(try ReferenceDecoder.code39(scan.runs, narrow: 2, wide: 4) == "A9-X $/+%.")
        #expect(scan.x + scan.runs.reduce(0, +) == 384, "right-aligned bars end at the paper's edge")
        #expect(Self.barHeight(paper, x: scan.x) == 40)
        let symbol = try BarcodeSymbol("A012", .code39)
        #expect(symbol.checkValue == nil && symbol.humanReadable == "*A012*")
        // GS w 3: narrow 3 dots, wide 8 dots (the printer's table), inter-character gap narrow.
        #expect(BarcodeSymbol.wideDots[BarcodeSymbol.clampedModuleWidth(3)] == 8)
        #expect(symbol.width(moduleWidth: 3) == 6 * (6 * 3 + 3 * 8) + 5 * 3)
    }

    @Test(arguments: [
        ("4006381333932", BarcodeSymbology.ean13, "check digit is 2, it should be 1"),
        ("12345", .ean13, "12 digits"),
        ("40063813339A", .ean13, "digits only"),
        ("a012", .code39, "lowercase 'a'"),
        ("A*1", .code39, "start/stop"),
        ("A#1", .code39, "'#' is not in CODE39"),
        ("号码A012", .code128, "not ASCII"),
        ("", .code128, "empty"),
    ])
    func invalidValuesAreRejectedByRendererAndEncoder(value: String, symbology: BarcodeSymbology, reason: String) throws {
        let doc = PrintDocument([.barcode(value, symbology, height: 60, alignment: .center)])
        let rendered = #expect(throws: BarcodeError.self) { try PaperRenderer(profile: Self.profile).render(doc) }
        #expect(rendered?.description.contains(reason) == true, "\(rendered?.description ?? "-")")
        #expect(rendered?.description.contains(symbology.displayName) == true)
        let encoded = #expect(throws: BarcodeError.self) { try EscPosEncoder(profile: Self.profile).encode(doc) }
        #expect(encoded == rendered)
    }

    @Test func aBarcodeWiderThanThePaperIsRejected() throws {
        let doc = PrintDocument([.barcode(String(repeating: "AB", count: 10), .code128, height: 60, alignment: .center)])
        let error = #expect(throws: BarcodeError.self) { try EscPosEncoder(profile: Self.profile).encode(doc) }
        #expect(error?.description.contains("dots wide") == true)
        #expect(throws: BarcodeError.self) { try PaperRenderer(profile: Self.profile).render(doc) }
    }

    @Test func theEncoderSendsTheSameCodeSetsAndSizes() throws {
        let doc = PrintDocument([.barcode("A0120240612X", .code128, height: 70, alignment: .center)])
        let bytes = try EscPosEncoder(profile: Self.profile).encode(doc)
        let data = Array("{BA{C".utf8) + [1, 20, 24, 6, 12] + Array("{BX".utf8)
        let expected: [UInt8] = [
            0x1B, 0x40, 0x1B, 0x61, 1, 0x1D, 0x68, 70, 0x1D, 0x77, 2, 0x1D, 0x48, 2, 0x1D, 0x6B, 73, UInt8(data.count),
        ]
        #expect(bytes == expected + data + [0x0A, 0x1B, 0x61, 0])
    }

    @Test func aRasterProfileSendsTheRenderedBars() throws {
        var raster = Self.profile
        raster.nativeBarcode = false
        let doc = PrintDocument([.barcode("A012", .code128, height: 60, alignment: .center)])
        let bytes = try EscPosEncoder(profile: raster).encode(doc)
        #expect(!bytes.indices.contains { bytes[$0] == 0x1D && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x6B }, "no GS k")
        let paper = try PaperRenderer(profile: raster).render(doc).bitmap
        let image = paper.rows(Self.topMargin..<(Self.topMargin + 60 + 30))
        #expect(bytes == [0x1B, 0x40, 0x1B, 0x61, 0] + EscPos.rasterImage(image) + [0x0A])
        // The native and the raster profile render the same paper.
        #expect(paper == (try PaperRenderer(profile: Self.profile).render(doc).bitmap))
    }

    /// An independent decoder (zbar, Debian's zbar-tools) reads the PNG as a scanner would.
    @Test(
        RequiredTool.trait(.zbarimg),
        arguments: [
            ("A012", BarcodeSymbology.code128, "CODE-128"), ("20240612000123", .code128, "CODE-128"),
            ("A0120240612X", .code128, "CODE-128"), ("4006381333931", .ean13, "EAN-13"), ("690123456789", .ean13, "EAN-13"),
            ("A012-X", .code39, "CODE-39"),
        ])
    func zbarReadsTheRenderedPNG(value: String, symbology: BarcodeSymbology, zbarName: String) throws {
        let png = TestPaths.pngOutput.appendingPathComponent("barcode-zbar-\(symbology.rawValue)-\(value).png")
        try PaperRenderer(profile: Self.profile).writePNG(
            PrintDocument([.text("A012", TextStyle()), .barcode(value, symbology, height: 80, alignment: .center), .feed(lines: 1)]),
            to: png)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try RequiredTool.zbarimg.require())
        process.arguments = [
            "--quiet", "--raw", "-Sdisable", "-S\(zbarName.lowercased().replacingOccurrences(of: "-", with: "")).enable", png.path,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no barcode in \(png.path)")
        let symbol = try BarcodeSymbol(value, symbology)
        let expected = symbology == .ean13 ? symbol.humanReadable : value
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }
}
