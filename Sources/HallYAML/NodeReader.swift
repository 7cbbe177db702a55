import Foundation
import Yams

/// Reads YAML nodes into typed values, collecting a problem at the line and column of everything
/// that does not fit.
///
/// This is the one YAML reader of the house: the hall file (HallConfig) reads every problem in one
/// pass; the device profiles (HallDevices: printers, buttons) stop at the first with ``need(_:)``
/// and ``StopReading``.
/// It lives in a leaf module of its own because HallDevices imports no other module of ours (it
/// knows devices, not halls) and HallConfig must not depend on the device layer to read YAML:
/// both import this module, which knows nothing but Yams nodes.
///
/// ```swift
/// var reader = NodeReader(file: "Devices/printers/x.yaml")
/// if let root = reader.compose(yaml, empty: "the file is empty"),
///    let top = reader.fields(root, of: "the profile", allowed: ["name", "width_dots"]) {
///     let width = reader.int(top, "width_dots", minimum: 8)
/// }
/// print(reader.problems)   // [x.yaml:4:13: 'width_dots' in the profile must be at least 8, found 0]
/// ```
public struct NodeReader {
    /// The file as its author named it; every problem carries it.
    public let file: String
    /// Everything reported so far, in the order found.
    public private(set) var problems: [YAMLProblem] = []

    public init(file: String) {
        self.file = file
    }

    // MARK: reporting

    public mutating func report(_ message: String, at position: Position) {
        problems.append(YAMLProblem(file: file, line: position.line, column: position.column, message: message))
    }

    public mutating func report(_ message: String, at node: Node) {
        report(message, at: Position(node))
    }

    /// Reports `message` and returns the error that stops a first-problem reader.
    public mutating func stop(_ message: String, at node: Node) -> StopReading {
        report(message, at: node)
        return StopReading()
    }

    /// The value, or ``StopReading`` when a reading step found a problem (already reported).
    /// Static, so `Self.need(fields(…))` reads in a mutating method without overlapping accesses.
    public static func need<T>(_ value: T?) throws(StopReading) -> T {
        guard let value else { throw StopReading() }
        return value
    }

    // MARK: the document

    /// Composes `yaml` into nodes. A syntax error is reported where the parser found it, with the
    /// construct it was reading ("while parsing a flow sequence on line 3"); an empty document is
    /// reported at 1:1 with `empty`. Nil after either.
    ///
    /// - Parameter syntaxLead: how a syntax error begins; the device profiles keep their own words.
    public mutating func compose(_ yaml: String, empty: String, syntaxLead: String = "YAML syntax error") -> Node? {
        let root: Node?
        // Nodes hold their anchor weakly and the parser holds it strongly: look for anchors while
        // the parser lives.
        var anchored: (Node, String)?
        do {
            let parser = try Yams.Parser(yaml: yaml)
            root = try parser.singleRoot()
            withExtendedLifetime(parser) { anchored = root.flatMap(Self.firstAnchor(in:)) }
        } catch {
            let (position, message) = Self.describe(error, in: yaml, syntaxLead: syntaxLead)
            report(message, at: position)
            return nil
        }
        guard let root, !root.isNull else {
            report(empty, at: .start)
            return nil
        }
        if let (node, name) = anchored {
            report("YAML anchors and aliases (&\(name), *\(name), <<:) are not allowed: write each value out where it is used", at: node)
            return nil
        }
        return root
    }

    /// The first node, in document order, that carries an anchor (`&a`), or nil.
    ///
    /// An alias (`*a`, `<<: *a`) composes into the very node it names, anchor and all, and always
    /// comes after its anchor; so the walk meets an anchor before any alias and stops there: a
    /// billion-laughs document is refused without ever being walked in full.
    static func firstAnchor(in node: Node) -> (Node, String)? {
        if let anchor = node.anchor { return (node, anchor.rawValue) }
        switch node {
        case .scalar: return nil
        case .alias(let alias): return (node, alias.anchor.rawValue)
        case .sequence(let sequence):
            for child in sequence { if let found = firstAnchor(in: child) { return found } }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = firstAnchor(in: key) ?? firstAnchor(in: value) { return found }
            }
        }
        return nil
    }

    /// A Yams error as the place it was found and a reason.
    static func describe(_ error: any Error, in yaml: String, syntaxLead: String) -> (Position, String) {
        guard let error = error as? YamlError else { return (.start, "cannot read the YAML: \(error)") }
        func context(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) on line \(context.mark.line))"
        }
        switch error {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
            .composer(let ctx, let problem, let mark, _):
            let advice = problem.contains("tab") ? "; indent with spaces, YAML does not allow tabs" : ""
            return (Position(line: mark.line, column: mark.column), "\(syntaxLead): \(problem)\(context(ctx))\(advice)")
        case .duplicatedKeysInMapping(let duplicates, let ctx):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (Position(line: ctx.mark.line, column: ctx.mark.column), "duplicate key \(keys) in the same mapping")
        case .reader(let problem, let offset, _, _):
            return (position(ofCharacter: offset ?? 0, in: yaml), "cannot read the YAML text: \(problem)")
        default:
            return (.start, "cannot read the YAML: \(error)")
        }
    }

    private static func position(ofCharacter offset: Int, in text: String) -> Position {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return Position(line: line, column: column)
    }

    // MARK: mappings

    /// Reads `node` as a mapping whose keys must be among `allowed`; unknown keys are reported
    /// with the closest known key as a suggestion.
    ///
    /// - Parameter unknownKey: the words for an unknown key (name, suggestion, known keys), when a
    ///   file kind has its own; by default "unknown key 'x' in what (did you mean 'y'?); known keys: …".
    public mutating func fields(
        _ node: Node, of what: String, allowed: [String],
        unknownKey: ((_ name: String, _ suggestion: String?, _ known: [String]) -> String)? = nil
    ) -> Fields? {
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
                let suggestion = Self.closest(to: name, among: allowed)
                if let unknownKey {
                    report(unknownKey(name, suggestion, allowed), at: key)
                } else {
                    let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                    let known = allowed.map { "'\($0)'" }.joined(separator: ", ")
                    report("unknown key '\(name)' in \(what)\(hint); known keys: \(known)", at: key)
                }
            }
        }
        return fields
    }

    /// The value of `key`, reporting it when required and absent or empty.
    public mutating func value(_ fields: Fields, _ key: String, required: Bool) -> Node? {
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

    // MARK: scalars

    public mutating func string(_ fields: Fields, _ key: String, required: Bool = true) -> Located<String>? {
        guard let node = value(fields, key, required: required) else { return nil }
        return string(node, what: "'\(key)' in \(fields.what)")
    }

    /// Non-empty text, trimmed of spaces.
    public mutating func string(_ node: Node, what: String) -> Located<String>? {
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

    /// A whole number no smaller than `minimum` (negative numbers are the usual mistake) and no
    /// larger than `maximum` when one is given.
    public mutating func int(
        _ fields: Fields, _ key: String, required: Bool = true, minimum: Int = 0, maximum: Int? = nil
    ) -> Located<Int>? {
        guard let node = value(fields, key, required: required) else { return nil }
        return int(node, what: "'\(key)' in \(fields.what)", minimum: minimum, maximum: maximum)
    }

    public mutating func int(_ node: Node, what: String, minimum: Int = 0, maximum: Int? = nil) -> Located<Int>? {
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
        if let maximum, number > maximum {
            report("\(what) must be at most \(maximum), found \(number)", at: node)
            return nil
        }
        return Located(value: number, position: Position(node))
    }

    /// `true` or `false` (YAML's `yes`/`no` too).
    public mutating func bool(_ fields: Fields, _ key: String, required: Bool = true) -> Located<Bool>? {
        guard let node = value(fields, key, required: required) else { return nil }
        return bool(node, what: "'\(key)' in \(fields.what)")
    }

    public mutating func bool(_ node: Node, what: String) -> Located<Bool>? {
        guard case .scalar = node, let value = node.bool else {
            report("\(what) must be true or false, found \(node.kindName)", at: node)
            return nil
        }
        return Located(value: value, position: Position(node))
    }

    /// One of `options`, with the closest one suggested for a typo.
    public mutating func choice(_ fields: Fields, _ key: String, among options: [String], required: Bool = true)
        -> Located<String>?
    {
        guard let node = value(fields, key, required: required) else { return nil }
        return choice(node, what: "'\(key)' in \(fields.what)", among: options)
    }

    public mutating func choice(_ node: Node, what: String, among options: [String]) -> Located<String>? {
        guard let text = string(node, what: what) else { return nil }
        guard options.contains(text.value) else {
            let hint = Self.closest(to: text.value, among: options).map { " (did you mean '\($0)'?)" } ?? ""
            report("\(what) must be one of \(options.joined(separator: ", ")), not '\(text.value)'\(hint)", at: node)
            return nil
        }
        return text
    }

    // MARK: lists

    /// The items of a sequence; a missing optional key is an empty list.
    public mutating func list(_ fields: Fields, _ key: String, required: Bool = true) -> [Node]? {
        guard let node = value(fields, key, required: required) else { return required ? nil : [] }
        guard case .sequence(let sequence) = node else {
            report("'\(key)' in \(fields.what) must be a list, found \(node.kindName)", at: node)
            return nil
        }
        return Array(sequence)
    }

    public mutating func strings(_ fields: Fields, _ key: String, required: Bool = true) -> [Located<String>]? {
        guard let items = list(fields, key, required: required) else { return nil }
        return items.compactMap { string($0, what: "an entry of '\(key)' in \(fields.what)") }
    }

    // MARK: typos

    /// Levenshtein distance at most 2 (or a third of the name): close enough to be a typo.
    public static func closest(to name: String, among candidates: [String]) -> String? {
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
