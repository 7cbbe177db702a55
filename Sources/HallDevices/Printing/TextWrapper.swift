/// Wraps text to the printer's columns: CJK and fullwidth characters take two columns, others one.
/// Native text, rastered text and PNG renders all use these same line breaks.
public enum TextWrapper {
    /// Columns a character occupies in a 12×24 / 24×24 printer font.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func columns(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    /// Lines of at most `width` columns. Latin words are not split unless longer than a line;
    /// explicit newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        // Most lines of a ticket fit: the same answer as below without breaking the text into
        // characters (grapheme breaking was a twentieth of a kiosk request).
        if !text.utf8.contains(UInt8(ascii: "\n")), columns(of: text) <= width { return [trimTrailing(text)] }
        return breakLines(text, width: width)
    }

    /// ``wrap(_:width:)`` character by character.
    static func breakLines(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", used = 0
            var tokens: [String] = []  // latin words (with trailing space) or single wide characters
            var word = ""
            for ch in paragraph {
                let wide = ch.unicodeScalars.first.map { columns(of: $0) == 2 } ?? false
                if wide || ch == " " {
                    if ch == " " {
                        word.append(ch); tokens.append(word); word = ""
                    } else {
                        if !word.isEmpty { tokens.append(word); word = "" }
                        tokens.append(String(ch))
                    }
                } else {
                    word.append(ch)
                }
            }
            if !word.isEmpty { tokens.append(word) }
            for token in tokens {
                let w = columns(of: token)
                if used + w <= width {
                    line += token
                    used += w
                    continue
                }
                // A trailing space may hang past the edge.
                if token.hasSuffix(" "), used + w - 1 <= width {
                    line += token.dropLast()
                    lines.append(line)
                    line = ""; used = 0
                    continue
                }
                // Closing punctuation never starts a line: it takes the previous character along.
                if closing.contains(token), let last = line.last, columns(of: String(last)) == 2 {
                    line.removeLast()
                    lines.append(trimTrailing(line))
                    line = String(last) + token
                    used = columns(of: line)
                    continue
                }
                if !line.isEmpty {
                    lines.append(trimTrailing(line))
                    line = ""; used = 0
                }
                if w <= width {
                    line = token; used = w
                } else {
                    for ch in token {
                        let cw = columns(of: String(ch))
                        if used + cw > width { lines.append(line); line = ""; used = 0 }
                        line.append(ch); used += cw
                    }
                }
            }
            lines.append(trimTrailing(line))
        }
        return lines
    }

    /// Characters that must not begin a line (Chinese line-breaking rules).
    static let closing: Set<String> = ["，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "”", "’", "…", ")", ",", "."]

    private static func trimTrailing(_ s: String) -> String {
        var s = s
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
