import Foundation
import Yams

/// A place in the hall file, 1-based.
struct Position: Hashable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ node: Node) {
        self.line = node.mark?.line ?? 1
        self.column = node.mark?.column ?? 1
    }

    static let start = Position(line: 1, column: 1)
}

/// A value read from the file together with where it was written.
struct Located<Value> {
    var value: Value
    var position: Position
}

/// Reads YAML nodes into typed values, collecting a problem for everything that does not fit
/// instead of stopping at the first.
struct NodeReader {
    let file: String
    /// The device profiles `devices:` may name; nil: not checked (pure parsing without Devices/).
    var knownProfiles: KnownDeviceProfiles?
    private(set) var problems: [ConfigProblem] = []

    init(file: String, knownProfiles: KnownDeviceProfiles? = nil) {
        self.file = file
        self.knownProfiles = knownProfiles
    }

    mutating func report(_ message: String, at position: Position) {
        problems.append(ConfigProblem(file: file, line: position.line, column: position.column, message: message))
    }

    mutating func report(_ message: String, at node: Node) {
        report(message, at: Position(node))
    }

    /// Reads `node` as a mapping whose keys must be among `allowed`; unknown keys are reported
    /// with the closest known key as a suggestion.
    mutating func fields(_ node: Node, of what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping of keys to values, found \(node.kindName)", at: node)
            return nil
        }
        var fields = Fields(what: what, position: Position(node))
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report("a key in \(what) must be a plain name, found \(key.kindName)", at: key)
                continue
            }
            let name = scalar.string
            if allowed.contains(name) {
                fields.entries[name] = (Position(key), value)
            } else {
                let hint = Self.closest(to: name, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                let known = allowed.map { "'\($0)'" }.joined(separator: ", ")
                report("unknown key '\(name)' in \(what)\(hint); known keys: \(known)", at: key)
            }
        }
        return fields
    }

    /// The value of `key`, reporting it when required and absent or empty.
    mutating func value(_ fields: Fields, _ key: String, required: Bool) -> Node? {
        guard let (keyPosition, node) = fields.entries[key] else {
            if required { report("missing required key '\(key)' in \(fields.what)", at: fields.position) }
            return nil
        }
        if node.isNull {
            if required { report("'\(key)' in \(fields.what) has no value", at: keyPosition) }
            return nil
        }
        return node
    }

    mutating func string(_ fields: Fields, _ key: String, required: Bool = true) -> Located<String>? {
        guard let node = value(fields, key, required: required) else { return nil }
        return string(node, what: "'\(key)' in \(fields.what)")
    }

    mutating func string(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            report("\(what) must be text, found \(node.kindName)", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            report("\(what) must not be empty", at: node)
            return nil
        }
        return Located(value: text, position: Position(node))
    }

    /// A whole number no smaller than `minimum` (negative numbers are the usual mistake).
    mutating func int(_ fields: Fields, _ key: String, required: Bool = true, minimum: Int = 0) -> Located<Int>? {
        guard let node = value(fields, key, required: required) else { return nil }
        return int(node, what: "'\(key)' in \(fields.what)", minimum: minimum)
    }

    mutating func int(_ node: Node, what: String, minimum: Int = 0) -> Located<Int>? {
        guard case .scalar(let scalar) = node, let number = Int(scalar.string.trimmingCharacters(in: .whitespaces))
        else {
            report("\(what) must be a whole number, found \(node.kindName)", at: node)
            return nil
        }
        guard number >= minimum else {
            let rule = minimum == 0 ? "must not be negative" : "must be at least \(minimum)"
            report("\(what) \(rule), found \(number)", at: node)
            return nil
        }
        return Located(value: number, position: Position(node))
    }

    /// The items of a sequence; a missing optional key is an empty list.
    mutating func list(_ fields: Fields, _ key: String, required: Bool = true) -> [Node]? {
        guard let node = value(fields, key, required: required) else { return required ? nil : [] }
        guard case .sequence(let sequence) = node else {
            report("'\(key)' in \(fields.what) must be a list, found \(node.kindName)", at: node)
            return nil
        }
        return Array(sequence)
    }

    mutating func strings(_ fields: Fields, _ key: String, required: Bool = true) -> [Located<String>]? {
        guard let items = list(fields, key, required: required) else { return nil }
        return items.compactMap { string($0, what: "an entry of '\(key)' in \(fields.what)") }
    }

    /// Levenshtein distance at most 2, or a shared prefix: close enough to be a typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The keys of one mapping, each with where its key was written.
struct Fields {
    var what: String
    var position: Position
    var entries: [String: (Position, Node)] = [:]

    func has(_ key: String) -> Bool { entries[key].map { !$0.1.isNull } ?? false }
}

extension Node {
    /// The text of `key` when this is a mapping holding it as a plain value: names an entry in
    /// messages before the entry has been read.
    func peek(_ key: String) -> String? {
        guard case .mapping(let mapping) = self, case .scalar(let value)? = mapping[key] else { return nil }
        let text = value.string.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// A plain `~`, `null` or empty value.
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && tag.rawValue == Tag.Name.null.rawValue
    }

    /// How the node reads in a message: "a list", "a mapping", "the text 'x'".
    var kindName: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): "the value '\(scalar.string)'"
        }
    }
}
