/// A value rejected for a barcode symbology: the document cannot be printed as written.
public struct BarcodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var symbology: BarcodeSymbology
    public var value: String
    public var reason: String

    public var description: String { "\(symbology.displayName) barcode \"\(value)\": \(reason)" }
}

extension BarcodeSymbology {
    /// The name a person knows the symbology by.
    public var displayName: String {
        switch self {
        case .code39: return "CODE39"
        case .code128: return "CODE128"
        case .ean13: return "EAN-13"
        }
    }
}

/// A barcode value checked for one symbology: the check character, the human-readable text (HRI)
/// and the `GS k` data the printer draws its bars from, with the width those bars take.
///
/// The bars of the PNG preview and of profiles without `GS k` (`barcode: raster`) are drawn by
/// libzint (``bars(moduleWidth:)``); the printer draws its own from ``escPosData``. Both encode the
/// same value; for CODE128 libzint chooses its own code sets, so its bars may differ from the
/// printer's while reading back as the same text.
///
/// ```swift
/// let symbol = try BarcodeSymbol("A012-20240612", .code128)
/// let bars = try symbol.bars(moduleWidth: 2)   // one dot per pixel, drawn by libzint
/// ```
public struct BarcodeSymbol: Sendable, Hashable {
    public let value: String
    public let symbology: BarcodeSymbology
    /// The check character's value (CODE128: 0…102, EAN-13: the 13th digit); `nil` for CODE39,
    /// which printers print without a check character.
    public let checkValue: Int?
    /// The text printed below the bars (`GS H 2`).
    public let humanReadable: String
    /// `m` of `GS k m n d…` (function B).
    public let escPosFunction: UInt8
    /// `d…` of `GS k m n d…`.
    public let escPosData: [UInt8]
    /// CODE128 only: every symbol value from the start character to the check character.
    public let codewords: [Int]

    /// Dots per module (or per narrow element) the encoder sends with `GS w`; printers accept 2…6.
    public static let defaultModuleWidth = 2
    /// Bar height in dots when a document does not say; `GS h` accepts 1…255.
    public static let heightRange = 1...255

    public init(_ value: String, _ symbology: BarcodeSymbology) throws {
        self.value = value
        self.symbology = symbology
        let fail = { (reason: String) in BarcodeError(symbology: symbology, value: value, reason: reason) }
        guard !value.isEmpty else { throw fail("the value is empty") }
        switch symbology {
        case .code128:
            let e = try Code128.encode(value, fail: fail)
            (checkValue, humanReadable, escPosData, codewords) = (e.check, e.hri, e.data, e.codewords)
            escPosFunction = 73
        case .code39:
            try Code39.validate(value, fail: fail)
            (checkValue, humanReadable, escPosData, codewords) = (nil, "*" + value + "*", Array(value.utf8), [])
            escPosFunction = 69
        case .ean13:
            let e = try EAN13.validate(value, fail: fail)
            (checkValue, humanReadable, escPosData, codewords) = (e.check, e.hri, Array(value.utf8), [])
            escPosFunction = 67
        }
        guard escPosData.count <= 255 else { throw fail("\(escPosData.count) bytes of GS k data, the printer takes at most 255") }
    }

    /// Dots of a wide CODE39 element for each `GS w` narrow width (Epson's table: 0.25 mm → 0.625 mm …).
    static let wideDots: [Int: Int] = [2: 5, 3: 8, 4: 10, 5: 13, 6: 16]

    /// The module width the printer will use for `GS w n`: n clamped to 2…6.
    public static func clampedModuleWidth(_ n: Int) -> Int { min(max(n, 2), 6) }

    /// Width in dots of the bars the printer draws for `GS k` with `GS w moduleWidth`.
    public func width(moduleWidth: Int = BarcodeSymbol.defaultModuleWidth) -> Int {
        let m = Self.clampedModuleWidth(moduleWidth)
        switch symbology {
        // 11 modules a symbol from the start to the check character, 13 for the stop.
        case .code128: return (11 * codewords.count + 13) * m
        // 6 narrow and 3 wide elements a character, `*` start and stop included, narrow gaps between.
        case .code39:
            let characters = value.count + 2
            return characters * (6 * m + 3 * Self.wideDots[m]!) + (characters - 1) * m
        // Guards 3 + 5 + 3 and 12 digits of 7 modules.
        case .ean13: return 95 * m
        }
    }

    /// The bars with the human-readable text centred below them in font A, placed across the
    /// paper as `GS k` with `GS H 2` prints it.
    public func printedBitmap(
        height: Int, alignment: PrintAlignment, paperWidth: Int, rasterizer: TextRasterizer,
        moduleWidth: Int = BarcodeSymbol.defaultModuleWidth
    ) throws -> Bitmap {
        let h = min(max(height, Self.heightRange.lowerBound), Self.heightRange.upperBound)
        let bars = try self.bars(moduleWidth: moduleWidth, height: h)
        guard bars.width <= paperWidth else {
            throw BarcodeError(
                symbology: symbology, value: value, reason: "the bars are \(bars.width) dots wide, the paper has \(paperWidth)")
        }
        let barsX: Int
        switch alignment {
        case .left: barsX = 0
        case .center: barsX = max((paperWidth - bars.width) / 2, 0)
        case .right: barsX = max(paperWidth - bars.width, 0)
        }
        // Font A: 12 dots a character; the text is centred on the bars and kept on the paper.
        let textWidth = min(max(12 * humanReadable.count, bars.width), paperWidth)
        let text = rasterizer.render(humanReadable, style: TextStyle(alignment: .center), paperWidth: textWidth).bitmap
        let textX = min(max(barsX + bars.width / 2 - textWidth / 2, 0), paperWidth - textWidth)
        var out = Bitmap(width: paperWidth, height: bars.height + text.height)
        out.draw(bars, x: barsX, y: 0)
        out.draw(text, x: textX, y: bars.height)
        return out
    }
}

// MARK: - CODE128 (ISO/IEC 15417)

enum Code128 {
    static let startA = 103, startB = 104, startC = 105
    static let codeA = 101, codeB = 100, codeC = 99  // from B/C, A/C, A/B respectively (101 is CODE A in B and C)

    enum Set { case a, b, c }

    struct Encoded {
        var check: Int
        var hri: String
        var data: [UInt8]
        var codewords: [Int]
    }

    /// Chooses code sets (C for runs of digits, A for control characters, B otherwise), computes
    /// the check character, and writes the ESC/POS data with the same code set switches
    /// (`{A` `{B` `{C`, `{{` for a literal `{`, set C as one byte 0…99 per digit pair).
    static func encode(_ value: String, fail: (String) -> BarcodeError) throws -> Encoded {
        let bytes = Array(value.utf8)
        if let bad = value.unicodeScalars.first(where: { !$0.isASCII }) {
            throw fail("'\(bad)' is not ASCII; CODE128 encodes ASCII characters 0…127 only")
        }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        func digitRun(_ i: Int) -> Int {
            var j = i
            while isDigit(j) { j += 1 }
            return j - i
        }
        /// Set A or B for the text starting at i: A if a control character comes before a lowercase one.
        func letterSet(from i: Int) -> Set {
            for b in bytes[i...] {
                if b < 0x20 { return .a }
                if b >= 0x60 { return .b }
            }
            return .b
        }

        var values: [Int] = []
        var data: [UInt8] = []
        var hri = ""
        var set: Set
        let lead = digitRun(0)
        if lead >= 4 && (lead % 2 == 0 || lead >= 5) || (lead == 2 && bytes.count == 2) {
            set = .c
        } else {
            set = letterSet(from: 0)
        }
        values.append(set == .a ? startA : set == .b ? startB : startC)
        data += set == .a ? [0x7B, 0x41] : set == .b ? [0x7B, 0x42] : [0x7B, 0x43]

        var i = 0
        while i < bytes.count {
            let run = digitRun(i)
            if set == .c {
                if run >= 2 {
                    let pair = Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30)
                    values.append(pair)
                    data.append(UInt8(pair))
                    hri += String(decoding: bytes[i...(i + 1)], as: UTF8.self)
                    i += 2
                    continue
                }
                set = letterSet(from: i)
                values.append(set == .a ? codeA : codeB)
                data += set == .a ? [0x7B, 0x41] : [0x7B, 0x42]
                continue
            }
            // In A or B: switch to C for an even-length run of ≥ 4 digits reaching the end, or ≥ 6 inside.
            let reachesEnd = i + run == bytes.count
            if run >= 6 || (run >= 4 && reachesEnd) {
                if run % 2 == 1 {
                    append(bytes[i], set: set, values: &values, data: &data, hri: &hri)
                    i += 1
                }
                set = .c
                values.append(codeC)
                data += [0x7B, 0x43]
                continue
            }
            let b = bytes[i]
            if set == .b && b < 0x20 {
                set = .a
                values.append(codeA)
                data += [0x7B, 0x41]
            } else if set == .a && b >= 0x60 {
                set = .b
                values.append(codeB)
                data += [0x7B, 0x42]
            }
            append(b, set: set, values: &values, data: &data, hri: &hri)
            i += 1
        }
        var sum = values[0]
        for (position, v) in values.enumerated().dropFirst() { sum += position * v }
        let check = sum % 103
        values.append(check)
        return Encoded(check: check, hri: hri, data: data, codewords: values)
    }

    private static func append(_ b: UInt8, set: Set, values: inout [Int], data: inout [UInt8], hri: inout String) {
        switch set {
        case .a: values.append(b < 0x20 ? Int(b) + 64 : Int(b) - 32)
        case .b: values.append(Int(b) - 32)
        case .c: preconditionFailure("single characters are never added in code set C")
        }
        data += b == 0x7B ? [0x7B, 0x7B] : [b]
        // Printers print control characters (and DEL) as spaces.
        hri += b < 0x20 || b == 0x7F ? " " : String(UnicodeScalar(b))
    }
}

// MARK: - CODE39 (ISO/IEC 16388)

enum Code39 {
    /// The characters CODE39 encodes, besides its `*` start and stop.
    static let characters = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%")

    /// The printer adds the `*` start and stop characters and no check character.
    static func validate(_ value: String, fail: (String) -> BarcodeError) throws {
        for c in value where !characters.contains(c) {
            if c == "*" { throw fail("'*' is CODE39's start/stop character and cannot be in the data") }
            if c.isLowercase, characters.contains(Character(c.uppercased())) {
                throw fail("lowercase '\(c)' is not in CODE39 (0-9, A-Z, space, - . $ / + %); write it in uppercase")
            }
            throw fail("'\(c)' is not in CODE39 (0-9, A-Z, space, - . $ / + %)")
        }
    }
}

// MARK: - EAN-13 (ISO/IEC 15420)

enum EAN13 {
    /// The check digit of 12 digits: weights 1, 3, 1, 3 … from the left.
    static func checkDigit(_ digits: [Int]) -> Int {
        let sum = digits.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10
    }

    /// 12 digits (the printer adds the check digit) or 13 with a correct check digit.
    static func validate(_ value: String, fail: (String) -> BarcodeError) throws -> (check: Int, hri: String) {
        guard value.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw fail("EAN-13 takes digits only") }
        guard value.count == 12 || value.count == 13 else {
            throw fail("EAN-13 takes 12 digits (check digit added) or 13 digits, not \(value.count)")
        }
        var digits = value.map { Int(String($0))! }
        let check = checkDigit(digits)
        if digits.count == 13 {
            guard digits[12] == check else { throw fail("the check digit is \(digits[12]), it should be \(check)") }
        } else {
            digits.append(check)
        }
        return (check, digits.map(String.init).joined())
    }
}
