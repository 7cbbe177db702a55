import Foundation

/// One value that crosses to the county: text, a whole number or a yes/no. Nothing else can, so a
/// nested structure with a resident's data cannot slip through by accident.
public enum CountyValue: Sendable, Hashable, Encodable {
    case string(String)
    case int(Int)
    case bool(Bool)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        }
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
}

/// A journal entry as the county receives it: its sequence number, time, type and the fields
/// ``CountyRedaction`` lets cross.
public struct CountyRecord: Sendable, Hashable {
    public var seq: Int64
    public var at: Date
    public var type: String
    public var fields: [String: CountyValue]

    public init(seq: Int64, at: Date, type: String, fields: [String: CountyValue]) {
        self.seq = seq
        self.at = at
        self.type = type
        self.fields = fields
    }

    /// The body stored in the county's `events.body` (jsonb): the fields with `type`, keys sorted —
    /// the text `JSONEncoder` with sorted keys writes, made directly: it is made for every entry
    /// the county ingests, on the forwarder's and the bench's path.
    public var json: String {
        var all = fields
        all["type"] = .string(type)
        var out = "{"
        out.reserveCapacity(32 * all.count)
        for (i, key) in all.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            Self.quote(key, into: &out)
            out += ":"
            switch all[key]! {
            case .string(let s): Self.quote(s, into: &out)
            case .int(let n): out += String(n)
            case .bool(let b): out += b ? "true" : "false"
            }
        }
        return out + "}"
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped as JSONEncoder does.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    func string(_ key: String) -> String? { fields[key]?.string }
    func int(_ key: String) -> Int? { fields[key]?.int }
}
