import Foundation

/// JSON written straight into bytes, for what the hall writes thousands of times a minute at a busy
/// hall's opening: the kiosk's ticket answer (`TicketResponse`) and the ticket's journal entry.
/// Foundation's `JSONEncoder` builds a tree of boxes (and sorts every object's keys when asked) for
/// each: a twentieth of the hall's processor time per ticket under load for the answer, a fiftieth
/// for the journal. The writer puts keys in the order it is given: the answer's in the sorted order
/// its encoder uses, byte for byte what it writes (`TicketJSONTests`); the journal's in the
/// payload's order, the same object its encoder writes (`JournalJSONTests`).
public struct JSONText: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Writes `/` as `\/`, as `JSONEncoder` does unless told `.withoutEscapingSlashes`.
    public var escapingSlashes = false

    public init(capacity: Int = 1024, escapingSlashes: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.escapingSlashes = escapingSlashes
    }

    /// Opens an object; ``field(_:first:)`` writes each key.
    public mutating func open() { bytes.append(UInt8(ascii: "{")) }
    public mutating func close() { bytes.append(UInt8(ascii: "}")) }

    /// `"key":`, after a comma unless it is the object's first.
    public mutating func field(_ key: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    public mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    public mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    public mutating func date(_ value: Date) { string(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(value)) }

    /// `{"en":…,"zh":…}`, as ``LocalizedText`` encodes itself.
    public mutating func text(_ value: LocalizedText) {
        open()
        field("en", first: true)
        string(value.en)
        field("zh")
        string(value.zh)
        close()
    }

    /// `[{"en":…,"zh":…},…]`.
    public mutating func texts(_ texts: [LocalizedText]) {
        bytes.append(UInt8(ascii: "["))
        for (i, text) in texts.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            self.text(text)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A string with JSON's escapes: the quote, the backslash and the control characters; every
    /// other character (Chinese included) as its UTF-8 bytes.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/") where escapingSlashes: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
