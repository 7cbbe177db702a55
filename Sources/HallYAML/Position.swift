import Foundation
import Yams

/// A place in a YAML file, 1-based.
public struct Position: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Where `node` starts.
    public init(_ node: Node) {
        self.line = node.mark?.line ?? 1
        self.column = node.mark?.column ?? 1
    }

    /// The first character of the file.
    public static let start = Position(line: 1, column: 1)
}

/// A value read from the file together with where it was written.
public struct Located<Value> {
    public var value: Value
    public var position: Position

    public init(value: Value, position: Position) {
        self.value = value
        self.position = position
    }
}

extension Located: Sendable where Value: Sendable {}

/// The keys of one mapping, each with where its key was written.
public struct Fields {
    /// How the mapping is named in messages: "the hall file", "printer 'kiosk'", "the profile".
    public var what: String
    /// Where the mapping starts: missing keys are reported here.
    public var position: Position
    /// Every allowed key written, with the position of the key and its value node.
    public var entries: [String: (Position, Node)] = [:]

    public init(what: String, position: Position) {
        self.what = what
        self.position = position
    }

    /// True when `key` is written with a value other than null.
    public func has(_ key: String) -> Bool { entries[key].map { !$0.1.isNull } ?? false }

    /// The value node of `key` as written, null included; nil when the key is absent.
    public subscript(_ key: String) -> Node? { entries[key]?.1 }
}

extension Node {
    /// The text of `key` when this is a mapping holding it as a plain value: names an entry in
    /// messages before the entry has been read.
    public func peek(_ key: String) -> String? {
        guard case .mapping(let mapping) = self, case .scalar(let value)? = mapping[key] else { return nil }
        let text = value.string.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// A plain `~`, `null` or empty value.
    public var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && tag.rawValue == Tag.Name.null.rawValue
    }

    /// How the node reads in a message: "a list", "a mapping", "the value 'x'".
    public var kindName: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): "the value '\(scalar.string)'"
        }
    }
}
