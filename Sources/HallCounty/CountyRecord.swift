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

    /// The body stored in the county's `events.body` (jsonb): the fields with `type`, keys sorted.
    public var json: String {
        var all = fields
        all["type"] = .string(type)
        return String(decoding: (try? CountyRecord.encoder.encode(all)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    func string(_ key: String) -> String? { fields[key]?.string }
    func int(_ key: String) -> Int? { fields[key]?.int }
}
