import Foundation
import HallYAML
import Yams

extension ButtonProfile {
    /// Reads one profile file.
    public static func load(from url: URL) throws(ButtonProfileError) -> ButtonProfile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ButtonProfileError(file: url.path, line: 0, reason: "cannot read: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: url.path)
    }

    /// Reads every `*.yaml` in a folder, sorted by file name; the first bad file stops it.
    public static func loadAll(in directory: URL) throws(ButtonProfileError) -> [ButtonProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ButtonProfileError(file: directory.path, line: 0, reason: "cannot list: \(error.localizedDescription)")
        }
        var profiles: [ButtonProfile] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let profile = try load(from: directory.appendingPathComponent(name))
            if let earlier = profiles.first(where: { $0.id == profile.id }) {
                throw ButtonProfileError(file: profile.file, line: 1, reason: "id \"\(profile.id)\" already used by \(earlier.file)")
            }
            profiles.append(profile)
        }
        return profiles
    }

    /// Parses a profile. The format:
    ///
    /// ```yaml
    /// id: evaluator-3key-usb          # unique
    /// kind: evaluator                 # evaluator | caller | callerEvaluator
    /// summary: 3-key USB evaluator (HID keyboard)
    /// backend: evdev                  # evdev | rs485
    /// match:                          # evdev: the device's name and/or USB vendor:product
    ///   names: ["USB Evaluator 3Key"]
    ///   usb: ["1a86:e5e3"]
    /// keys:                           # evdev key name → logical button
    ///   KEY_1: rate5
    ///   KEY_2: rate3
    ///   KEY_3: rate1
    /// ```
    ///
    /// An `rs485` profile has `adapters:` (USB ids of the serial adapter), `keys:` mapping frame
    /// function codes (`0x0C`) to buttons, `rating: {function:, keys:}` and `host:` with the function
    /// codes of `showNumber`, `showWaitingCount`, `beep` and `startRating`.
    public static func parse(yaml: String, file: String) throws(ButtonProfileError) -> ButtonProfile {
        var reader = NodeReader(file: file)
        do {
            let composed = reader.compose(yaml, empty: "empty profile")
            let root = try NodeReader.need(composed)
            return try reader.buttonProfile(from: root)
        } catch {
            let problem = reader.problems.first ?? YAMLProblem(file: file, line: 1, column: 0, message: "unreadable")
            throw ButtonProfileError(file: problem.file, line: problem.line, column: problem.column, reason: problem.message)
        }
    }
}

/// Walks a composed YAML tree with the house's one YAML reader, stopping at the first problem, so
/// that every complaint carries the line of the node it is about.
extension NodeReader {
    private static let buttonProfileKeys = ["id", "kind", "summary", "backend", "match", "keys", "adapters", "rating", "host"]

    fileprivate mutating func buttonProfile(from root: Node) throws(StopReading) -> ButtonProfile {
        guard case .mapping = root else { throw stop("a profile is a mapping of id, kind, backend, keys …", at: root) }
        let top = try Self.need(
            fields(root, of: "the profile", allowed: Self.buttonProfileKeys) { name, suggestion, known in
                let hint = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
                return "unknown field \"\(name)\"\(hint); expected one of \(known.sorted().joined(separator: ", "))"
            })
        if !problems.isEmpty { throw StopReading() }
        let id = try scalar(top, "id", in: root)
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw stop("id must be letters, digits, - and _ (it names udev symlinks)", at: top["id"]!)
        }
        let kindText = try scalar(top, "kind", in: root)
        guard let kind = ButtonProfile.Kind(rawValue: kindText) else {
            let known = ButtonProfile.Kind.allCases.map(\.rawValue)
            let hint = Self.closest(to: kindText, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw stop("unknown kind \"\(kindText)\"\(hint); expected \(known.joined(separator: ", "))", at: top["kind"]!)
        }
        let summary = top["summary"]?.scalar?.string ?? id
        let backendText = try scalar(top, "backend", in: root)
        let backend: ButtonProfile.Backend
        switch backendText {
        case "evdev":
            backend = try evdevBackend(top, root: root)
        case "rs485":
            backend = try busBackend(top, root: root)
        default:
            throw stop("unknown backend \"\(backendText)\"; expected evdev or rs485", at: top["backend"]!)
        }
        let profile = ButtonProfile(id: id, kind: kind, summary: summary, backend: backend, file: file)
        try check(profile, keysNode: top["keys"] ?? root)
        return profile
    }

    private mutating func check(_ profile: ButtonProfile, keysNode: Node) throws(StopReading) {
        let ratings = profile.buttons.filter { $0.ratingScore != nil }
        let callerKeys = profile.buttons.subtracting(ratings)
        switch profile.kind {
        case .evaluator:
            if let stray = callerKeys.first { throw stop("an evaluator maps only rate1…rate5, not \(stray.rawValue)", at: keysNode) }
        case .caller:
            if let stray = ratings.first { throw stop("a caller keypad maps no rating button, not \(stray.rawValue)", at: keysNode) }
        case .callerEvaluator:
            break
        }
        if profile.kind != .caller, !(ratings.contains(.rate5) && ratings.contains(.rate1)) {
            throw stop("an evaluator must reach both rate5 (非常满意) and rate1 (非常不满意); fewer keys map onto the five levels", at: keysNode)
        }
        if profile.kind != .evaluator, callerKeys.isEmpty {
            throw stop("a caller keypad maps at least one key", at: keysNode)
        }
    }

    private mutating func evdevBackend(_ top: Fields, root: Node) throws(StopReading) -> ButtonProfile.Backend {
        guard let matchNode = top["match"] else { throw stop("an evdev profile needs match: with names: and/or usb:", at: root) }
        let match = try Self.need(
            fields(matchNode, of: "match:", allowed: ["names", "usb"]) { name, _, _ in
                "unknown match field \"\(name)\"; expected names or usb"
            })
        if !problems.isEmpty { throw StopReading() }
        let names = try strings(match["names"])
        let usbIDs = try usbIDs(match["usb"])
        guard !names.isEmpty || !usbIDs.isEmpty else { throw stop("match: needs at least one name or usb id", at: matchNode) }
        guard let keysNode = top["keys"], let keysMapping = keysNode.mapping, !keysMapping.isEmpty else {
            throw stop("keys: must map evdev key names (KEY_1, KEY_F1 …) to buttons", at: top["keys"] ?? root)
        }
        var keys: [UInt16: LogicalButton] = [:]
        for (key, value) in keysMapping {
            let name = key.string ?? ""
            guard let code = InputSystemCalls.live.evdevKeyCode(name) else {
                throw stop("unknown evdev key \"\(name)\" (names as in linux/input-event-codes.h, e.g. KEY_F1)", at: key)
            }
            guard keys[code] == nil else { throw stop("key \(name) mapped twice", at: key) }
            keys[code] = try button(value)
        }
        return .evdev(match: EvdevMatch(names: names, usbIDs: usbIDs), keys: keys)
    }

    private mutating func busBackend(_ top: Fields, root: Node) throws(StopReading) -> ButtonProfile.Backend {
        let adapters = try usbIDs(top["adapters"])
        let keysNode = top["keys"]
        var keys: [UInt8: LogicalButton] = [:]
        if let keysNode {
            guard let keysMapping = keysNode.mapping else { throw stop("keys: maps function codes (0x0C) to buttons", at: keysNode) }
            for (key, value) in keysMapping {
                let code = try byte(key)
                guard keys[code] == nil else { throw stop("function \(key.string ?? "") mapped twice", at: key) }
                keys[code] = try button(value)
            }
        }
        var ratingFunction: UInt8 = 0x11
        var ratingKeys: [UInt8: LogicalButton] = [:]
        if let ratingNode = top["rating"] {
            guard let rating = ratingNode.mapping else { throw stop("rating: has function: and keys:", at: ratingNode) }
            if let function = rating["function"] { ratingFunction = try byte(function) }
            guard let ratingKeysMapping = rating["keys"]?.mapping else {
                throw stop("rating: needs keys: mapping reply bytes to rate1…rate5", at: ratingNode)
            }
            for (key, value) in ratingKeysMapping {
                let code = try byte(key)
                ratingKeys[code] = try button(value)
            }
        }
        if keys[ratingFunction] != nil {
            throw stop("function 0x\(String(ratingFunction, radix: 16)) is the rating reply; it cannot also be a key", at: keysNode ?? root)
        }
        guard let hostNode = top["host"], let host = hostNode.mapping else {
            throw stop("an rs485 profile needs host: with showNumber, showWaitingCount, beep, startRating", at: top["host"] ?? root)
        }
        func hostCode(_ reader: inout NodeReader, _ name: String) throws(StopReading) -> UInt8 {
            guard let node = host[name] else { throw reader.stop("host: is missing \(name)", at: hostNode) }
            return try reader.byte(node)
        }
        let busProtocol = BusProtocol(
            keys: keys, ratingFunction: ratingFunction, ratingKeys: ratingKeys,
            showNumberFunction: try hostCode(&self, "showNumber"),
            showWaitingCountFunction: try hostCode(&self, "showWaitingCount"),
            beepFunction: try hostCode(&self, "beep"), startRatingFunction: try hostCode(&self, "startRating")
        )
        return .rs485(adapters: adapters, protocol: busProtocol)
    }

    // MARK: scalars

    private mutating func scalar(_ top: Fields, _ key: String, in root: Node) throws(StopReading) -> String {
        guard let node = top[key] else { throw stop("missing \(key):", at: root) }
        guard let value = node.scalar?.string else { throw stop("\(key): must be a single value", at: node) }
        return value
    }

    private mutating func strings(_ node: Node?) throws(StopReading) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw stop("expected a list", at: node) }
        var values: [String] = []
        for item in sequence {
            guard let value = item.scalar?.string, !value.isEmpty else { throw stop("expected a non-empty string", at: item) }
            values.append(value)
        }
        return values
    }

    private mutating func usbIDs(_ node: Node?) throws(StopReading) -> [USBDeviceID] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw stop("expected a list of \"vvvv:pppp\"", at: node) }
        var ids: [USBDeviceID] = []
        for item in sequence {
            guard let text = item.scalar?.string, let id = USBDeviceID(text) else {
                throw stop("bad USB id \"\(item.scalar?.string ?? "?")\"; expected \"vvvv:pppp\" in hex", at: item)
            }
            ids.append(id)
        }
        return ids
    }

    fileprivate mutating func byte(_ node: Node) throws(StopReading) -> UInt8 {
        let text = node.scalar?.string ?? ""
        let value = text.lowercased().hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
        guard let value else { throw stop("\"\(text)\" is not a byte (0…255 or 0x00…0xFF)", at: node) }
        return value
    }

    private mutating func button(_ node: Node) throws(StopReading) -> LogicalButton {
        let text = node.scalar?.string ?? ""
        guard let button = LogicalButton(rawValue: text) else {
            let known = LogicalButton.allCases.map(\.rawValue)
            let hint = Self.closest(to: text, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw stop("unknown logical button \"\(text)\"\(hint); expected one of \(known.joined(separator: ", "))", at: node)
        }
        return button
    }
}
