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

/// A barcode value encoded for one symbology: the bars, the check character, the human-readable
/// text (HRI) and the `GS k` data, all from one encoding so the PNG shows what the printer prints.
///
/// Bars are kept as element widths, alternately bar and space, starting with a bar. For CODE128
/// and EAN-13 (multi-level symbologies) a width is a number of modules; for CODE39 (a binary
/// symbology) it is 1 for a narrow element and 2 for a wide one. `GS w n` sets the dots per module
/// (multi-level) or the narrow element (binary); wide elements use the printer's own table.
///
/// ```swift
/// let symbol = try BarcodeSymbol("A012-20240612", .code128)
/// let bars = symbol.bitmap(height: 80)   // one dot per pixel, as the printer draws it
/// ```
public struct BarcodeSymbol: Sendable, Hashable {
    public let value: String
    public let symbology: BarcodeSymbology
    /// Element widths, bar first (modules, or 1 narrow / 2 wide for CODE39).
    public let elements: [Int]
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
            (elements, checkValue, humanReadable, escPosData, codewords) = (e.elements, e.check, e.hri, e.data, e.codewords)
            escPosFunction = 73
        case .code39:
            let e = try Code39.encode(value, fail: fail)
            (elements, checkValue, humanReadable, escPosData, codewords) = (e.elements, nil, e.hri, Array(value.utf8), [])
            escPosFunction = 69
        case .ean13:
            let e = try EAN13.encode(value, fail: fail)
            (elements, checkValue, humanReadable, escPosData, codewords) = (e.elements, e.check, e.hri, Array(value.utf8), [])
            escPosFunction = 67
        }
        guard escPosData.count <= 255 else { throw fail("\(escPosData.count) bytes of GS k data, the printer takes at most 255") }
    }

    /// Dots of a wide CODE39 element for each `GS w` narrow width (Epson's table: 0.25 mm → 0.625 mm …).
    static let wideDots: [Int: Int] = [2: 5, 3: 8, 4: 10, 5: 13, 6: 16]

    /// The module width the printer will use for `GS w n`: n clamped to 2…6.
    public static func clampedModuleWidth(_ n: Int) -> Int { min(max(n, 2), 6) }

    /// Widths in dots of every element, bar first.
    public func elementDots(moduleWidth: Int = BarcodeSymbol.defaultModuleWidth) -> [Int] {
        let m = Self.clampedModuleWidth(moduleWidth)
        switch symbology {
        case .code39: return elements.map { $0 == 1 ? m : Self.wideDots[m]! }
        case .code128, .ean13: return elements.map { $0 * m }
        }
    }

    /// Width of the bars in dots.
    public func width(moduleWidth: Int = BarcodeSymbol.defaultModuleWidth) -> Int {
        elementDots(moduleWidth: moduleWidth).reduce(0, +)
    }

    /// The bars alone, `height` dots high (clamped to 1…255 like `GS h`), no quiet zone.
    public func bitmap(height: Int, moduleWidth: Int = BarcodeSymbol.defaultModuleWidth) -> Bitmap {
        let h = min(max(height, Self.heightRange.lowerBound), Self.heightRange.upperBound)
        let dots = elementDots(moduleWidth: moduleWidth)
        var out = Bitmap(width: dots.reduce(0, +), height: h)
        var x = 0
        for (i, w) in dots.enumerated() {
            if i % 2 == 0 { out.fill(x: x, y: 0, width: w, height: h) }
            x += w
        }
        return out
    }

    /// The bars with the human-readable text centred below them in font A, placed across the
    /// paper as `GS k` with `GS H 2` prints it.
    public func printedBitmap(
        height: Int, alignment: PrintAlignment, paperWidth: Int, rasterizer: TextRasterizer,
        moduleWidth: Int = BarcodeSymbol.defaultModuleWidth
    ) -> Bitmap {
        let bars = bitmap(height: height, moduleWidth: moduleWidth)
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
    /// Bar/space widths of symbol values 0…105 (6 elements, 11 modules) and the stop (7 elements, 13 modules).
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]
    static let startA = 103, startB = 104, startC = 105, stop = 106
    static let codeA = 101, codeB = 100, codeC = 99  // from B/C, A/C, A/B respectively (101 is CODE A in B and C)

    enum Set { case a, b, c }

    struct Encoded {
        var elements: [Int]
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
        var elements: [Int] = []
        for v in values + [stop] { elements += patterns[v].map { Int(String($0))! } }
        return Encoded(elements: elements, check: check, hri: hri, data: data, codewords: values)
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
    /// Characters and their 9 elements (bar, space, … bar), 1 = wide.
    static let table: [Character: String] = [
        "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000", "4": "000110001",
        "5": "100110000", "6": "001110000", "7": "000100101", "8": "100100100", "9": "001100100",
        "A": "100001001", "B": "001001001", "C": "101001000", "D": "000011001", "E": "100011000",
        "F": "001011000", "G": "000001101", "H": "100001100", "I": "001001100", "J": "000011100",
        "K": "100000011", "L": "001000011", "M": "101000010", "N": "000010011", "O": "100010010",
        "P": "001010010", "Q": "000000111", "R": "100000110", "S": "001000110", "T": "000010110",
        "U": "110000001", "V": "011000001", "W": "111000000", "X": "010010001", "Y": "110010000",
        "Z": "011010000", "-": "010000101", ".": "110000100", " ": "011000100", "$": "010101000",
        "/": "010100010", "+": "010001010", "%": "000101010", "*": "010010100",
    ]

    /// The printer adds the `*` start and stop characters and no check character; narrow gaps between characters.
    static func encode(_ value: String, fail: (String) -> BarcodeError) throws -> (elements: [Int], hri: String) {
        for c in value where c == "*" || Code39.table[c] == nil {
            if c == "*" { throw fail("'*' is CODE39's start/stop character and cannot be in the data") }
            if c.isLowercase, Code39.table[Character(c.uppercased())] != nil {
                throw fail("lowercase '\(c)' is not in CODE39 (0-9, A-Z, space, - . $ / + %); write it in uppercase")
            }
            throw fail("'\(c)' is not in CODE39 (0-9, A-Z, space, - . $ / + %)")
        }
        var elements: [Int] = []
        for (n, c) in ("*" + value + "*").enumerated() {
            if n > 0 { elements.append(1) }  // inter-character gap
            elements += table[c]!.map { $0 == "1" ? 2 : 1 }
        }
        return (elements, "*" + value + "*")
    }
}

// MARK: - EAN-13 (ISO/IEC 15420)

enum EAN13 {
    /// Left-hand odd parity (L) patterns, 7 modules each, 1 = bar; G is R reversed, R is L inverted.
    static let l = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
    /// Parity of digits 2…7 chosen by the first digit (L = odd, G = even).
    static let parity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]

    static func r(_ d: Int) -> String { String(l[d].map { $0 == "1" ? "0" : "1" }) }
    static func g(_ d: Int) -> String { String(r(d).reversed()) }

    /// The check digit of 12 digits: weights 1, 3, 1, 3 … from the left.
    static func checkDigit(_ digits: [Int]) -> Int {
        let sum = digits.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10
    }

    /// 12 digits (the printer adds the check digit) or 13 with a correct check digit.
    static func encode(_ value: String, fail: (String) -> BarcodeError) throws -> (elements: [Int], check: Int, hri: String) {
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
        var modules = "101"
        for (k, p) in parity[digits[0]].enumerated() { modules += p == "L" ? l[digits[k + 1]] : g(digits[k + 1]) }
        modules += "01010"
        for d in digits[7...12] { modules += r(d) }
        modules += "101"
        return (runs(modules), check, digits.map(String.init).joined())
    }

    /// Run lengths of a module string that starts with a bar.
    static func runs(_ modules: String) -> [Int] {
        var out: [Int] = []
        var last: Character = "1", count = 0
        for m in modules {
            if m == last { count += 1 } else { out.append(count); last = m; count = 1 }
        }
        out.append(count)
        return out
    }
}
