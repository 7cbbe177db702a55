import Glibc
import Synchronization

/// Encodes text for a printer's own double-byte Chinese font (GB18030 or GBK) with glibc's iconv.
///
/// A character the printer's font lacks is first substituted (¥ → ￥, € → EUR …); if there is no
/// substitute the caller gets `nil` and rasters the line instead. For GB18030 printers, only the
/// one- and two-byte part and CJK Extension A (four-byte, U+3400…U+4DBF) count as printable:
/// the fonts of thermal printers have no glyphs for the rest of the four-byte space.
public final class ChineseTextEncoder: Sendable {
    public let encoding: ChineseEncoding
    private let converter: Mutex<IconvHandle>
    /// Each character's bytes once converted: a hall prints the same few hundred characters on every
    /// ticket, and asking iconv for each again cost more than the rest of the ticket's encoding.
    private let known = Mutex<[UInt32: [UInt8]?]>([:])
    private static let knownLimit = 8_192

    /// Substitutes for characters that Chinese printer fonts lack.
    public static let substitutions: [Unicode.Scalar: String] = [
        "\u{00A5}": "\u{FFE5}",  // ¥ → fullwidth ￥
        "\u{20AC}": "EUR",
        "\u{00A0}": " ",
        "\u{2022}": "\u{00B7}",  // bullet → middle dot
        "\u{2122}": "TM",
        "\u{00A9}": "(C)",
        "\u{00AE}": "(R)",
        "\u{2212}": "-",
        "\u{2013}": "-",
    ]

    public init(_ encoding: ChineseEncoding) {
        self.encoding = encoding
        self.converter = Mutex(IconvHandle(to: encoding == .gb18030 ? "GB18030" : "GBK"))
    }

    /// The bytes for `text`, or `nil` if some character can neither be encoded nor substituted.
    public func encode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
                continue
            }
            if let bytes = encodeScalar(scalar) {
                out += bytes
            } else if let substitute = Self.substitutions[scalar] {
                for s in substitute.unicodeScalars {
                    if s.isASCII { out.append(UInt8(s.value)) } else if let b = encodeScalar(s) { out += b } else { return nil }
                }
            } else {
                return nil
            }
        }
        return out
    }

    /// True when every character can be printed in the printer's font (after substitution).
    public func canEncode(_ text: String) -> Bool { encode(text) != nil }

    private func encodeScalar(_ scalar: Unicode.Scalar) -> [UInt8]? {
        if let bytes = known.withLock({ $0[scalar.value] }) { return bytes }
        let bytes = convert(scalar)
        known.withLock { known in
            if known.count >= Self.knownLimit { known.removeAll(keepingCapacity: true) }
            known[scalar.value] = .some(bytes)
        }
        return bytes
    }

    private func convert(_ scalar: Unicode.Scalar) -> [UInt8]? {
        let bytes = converter.withLock { $0.convert(scalar) }
        guard let bytes else { return nil }
        if bytes.count == 4 {
            // Four-byte GB18030: printable only for CJK Extension A.
            return (0x3400...0x4DBF).contains(scalar.value) ? bytes : nil
        }
        return bytes
    }
}

/// An iconv descriptor, used under the encoder's lock only.
struct IconvHandle: ~Copyable {
    private let cd: iconv_t?

    init(to charset: String) {
        let cd = iconv_open(charset, "UTF-8")
        self.cd = (cd == iconv_t(bitPattern: -1)) ? nil : cd
    }

    deinit {
        if let cd { iconv_close(cd) }
    }

    mutating func convert(_ scalar: Unicode.Scalar) -> [UInt8]? {
        guard let cd else { return nil }
        var input = Array(String(scalar).utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: 16)
        let inCount = input.count
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var inLeft = inCount, outLeft = 16
                iconv(cd, nil, nil, nil, nil)  // reset shift state
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return nil }
                // glibc may transliterate or count irreversible conversions: refuse those.
                if r > 0 { return nil }
                return 16 - outLeft
            }
        }
        guard let produced else { return nil }
        return output.prefix(produced).map { UInt8(bitPattern: $0) }
    }
}
