import Foundation
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
        let reader = ProfileReader(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ButtonProfileError(file: file, line: 1, reason: "empty profile")
            }
            root = node
        } catch let error as ButtonProfileError {
            throw error
        } catch let error as YamlError {
            throw reader.yamlError(error)
        } catch {
            throw ButtonProfileError(file: file, line: 1, reason: "not YAML: \(error)")
        }
        return try reader.profile(from: root)
    }
}

/// Walks a composed YAML tree, so that every complaint carries the line of the node it is about.
struct ProfileReader {
    let file: String
    private static let topLevelKeys: Set<String> = ["id", "kind", "summary", "backend", "match", "keys", "adapters", "rating", "host"]

    func error(_ node: Node?, _ reason: String) -> ButtonProfileError {
        ButtonProfileError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 0, reason: reason)
    }

    func yamlError(_ error: YamlError) -> ButtonProfileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            ButtonProfileError(file: file, line: mark.line, column: mark.column, reason: "YAML: \(problem)")
        default:
            ButtonProfileError(file: file, line: 1, reason: "YAML: \(error)")
        }
    }

    func profile(from root: Node) throws(ButtonProfileError) -> ButtonProfile {
        guard let mapping = root.mapping else { throw error(root, "a profile is a mapping of id, kind, backend, keys …") }
        for (key, _) in mapping {
            guard let name = key.string, Self.topLevelKeys.contains(name) else {
                throw error(key, "unknown field \"\(key.string ?? "?")\"; expected one of \(Self.topLevelKeys.sorted().joined(separator: ", "))")
            }
        }
        let id = try string(mapping, "id", in: root)
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw error(mapping["id"], "id must be letters, digits, - and _ (it names udev symlinks)")
        }
        let kindText = try string(mapping, "kind", in: root)
        guard let kind = ButtonProfile.Kind(rawValue: kindText) else {
            throw error(mapping["kind"], "unknown kind \"\(kindText)\"; expected \(ButtonProfile.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let summary = mapping["summary"]?.string ?? id
        let backendText = try string(mapping, "backend", in: root)
        let backend: ButtonProfile.Backend
        switch backendText {
        case "evdev":
            backend = try evdevBackend(mapping, root: root)
        case "rs485":
            backend = try busBackend(mapping, root: root)
        default:
            throw error(mapping["backend"], "unknown backend \"\(backendText)\"; expected evdev or rs485")
        }
        let profile = ButtonProfile(id: id, kind: kind, summary: summary, backend: backend, file: file)
        try check(profile, keysNode: mapping["keys"] ?? root)
        return profile
    }

    private func check(_ profile: ButtonProfile, keysNode: Node) throws(ButtonProfileError) {
        let ratings = profile.buttons.filter { $0.ratingScore != nil }
        let callerKeys = profile.buttons.subtracting(ratings)
        switch profile.kind {
        case .evaluator:
            if let stray = callerKeys.first { throw error(keysNode, "an evaluator maps only rate1…rate5, not \(stray.rawValue)") }
        case .caller:
            if let stray = ratings.first { throw error(keysNode, "a caller keypad maps no rating button, not \(stray.rawValue)") }
        case .callerEvaluator:
            break
        }
        if profile.kind != .caller, !(ratings.contains(.rate5) && ratings.contains(.rate1)) {
            throw error(keysNode, "an evaluator must reach both rate5 (非常满意) and rate1 (非常不满意); fewer keys map onto the five levels")
        }
        if profile.kind != .evaluator, callerKeys.isEmpty {
            throw error(keysNode, "a caller keypad maps at least one key")
        }
    }

    private func evdevBackend(_ mapping: Node.Mapping, root: Node) throws(ButtonProfileError) -> ButtonProfile.Backend {
        guard let matchNode = mapping["match"], let match = matchNode.mapping else {
            throw error(mapping["match"] ?? root, "an evdev profile needs match: with names: and/or usb:")
        }
        for (key, _) in match where !["names", "usb"].contains(key.string ?? "") {
            throw error(key, "unknown match field \"\(key.string ?? "?")\"; expected names or usb")
        }
        let names = try strings(match["names"])
        let usbIDs = try usbIDs(match["usb"])
        guard !names.isEmpty || !usbIDs.isEmpty else { throw error(matchNode, "match: needs at least one name or usb id") }
        guard let keysNode = mapping["keys"], let keysMapping = keysNode.mapping, !keysMapping.isEmpty else {
            throw error(mapping["keys"] ?? root, "keys: must map evdev key names (KEY_1, KEY_F1 …) to buttons")
        }
        var keys: [UInt16: LogicalButton] = [:]
        for (key, value) in keysMapping {
            let name = key.string ?? ""
            guard let code = InputSystemCalls.live.evdevKeyCode(name) else {
                throw error(key, "unknown evdev key \"\(name)\" (names as in linux/input-event-codes.h, e.g. KEY_F1)")
            }
            guard keys[code] == nil else { throw error(key, "key \(name) mapped twice") }
            keys[code] = try button(value)
        }
        return .evdev(match: EvdevMatch(names: names, usbIDs: usbIDs), keys: keys)
    }

    private func busBackend(_ mapping: Node.Mapping, root: Node) throws(ButtonProfileError) -> ButtonProfile.Backend {
        let adapters = try usbIDs(mapping["adapters"])
        let keysNode = mapping["keys"]
        var keys: [UInt8: LogicalButton] = [:]
        if let keysNode {
            guard let keysMapping = keysNode.mapping else { throw error(keysNode, "keys: maps function codes (0x0C) to buttons") }
            for (key, value) in keysMapping {
                let code = try byte(key)
                guard keys[code] == nil else { throw error(key, "function \(key.string ?? "") mapped twice") }
                keys[code] = try button(value)
            }
        }
        var ratingFunction: UInt8 = 0x11
        var ratingKeys: [UInt8: LogicalButton] = [:]
        if let ratingNode = mapping["rating"] {
            guard let rating = ratingNode.mapping else { throw error(ratingNode, "rating: has function: and keys:") }
            if let function = rating["function"] { ratingFunction = try byte(function) }
            guard let ratingKeysMapping = rating["keys"]?.mapping else { throw error(ratingNode, "rating: needs keys: mapping reply bytes to rate1…rate5") }
            for (key, value) in ratingKeysMapping {
                ratingKeys[try byte(key)] = try button(value)
            }
        }
        if keys[ratingFunction] != nil {
            throw error(keysNode, "function 0x\(String(ratingFunction, radix: 16)) is the rating reply; it cannot also be a key")
        }
        guard let hostNode = mapping["host"], let host = hostNode.mapping else {
            throw error(mapping["host"] ?? root, "an rs485 profile needs host: with showNumber, showWaitingCount, beep, startRating")
        }
        func hostCode(_ name: String) throws(ButtonProfileError) -> UInt8 {
            guard let node = host[name] else { throw error(hostNode, "host: is missing \(name)") }
            return try byte(node)
        }
        let busProtocol = BusProtocol(
            keys: keys, ratingFunction: ratingFunction, ratingKeys: ratingKeys,
            showNumberFunction: try hostCode("showNumber"), showWaitingCountFunction: try hostCode("showWaitingCount"),
            beepFunction: try hostCode("beep"), startRatingFunction: try hostCode("startRating")
        )
        return .rs485(adapters: adapters, protocol: busProtocol)
    }

    // MARK: scalars

    private func string(_ mapping: Node.Mapping, _ key: String, in root: Node) throws(ButtonProfileError) -> String {
        guard let node = mapping[key] else { throw error(root, "missing \(key):") }
        guard let value = node.scalar?.string else { throw error(node, "\(key): must be a single value") }
        return value
    }

    private func strings(_ node: Node?) throws(ButtonProfileError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(node, "expected a list") }
        var values: [String] = []
        for item in sequence {
            guard let value = item.scalar?.string, !value.isEmpty else { throw error(item, "expected a non-empty string") }
            values.append(value)
        }
        return values
    }

    private func usbIDs(_ node: Node?) throws(ButtonProfileError) -> [USBDeviceID] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(node, "expected a list of \"vvvv:pppp\"") }
        var ids: [USBDeviceID] = []
        for item in sequence {
            guard let text = item.scalar?.string, let id = USBDeviceID(text) else {
                throw error(item, "bad USB id \"\(item.scalar?.string ?? "?")\"; expected \"vvvv:pppp\" in hex")
            }
            ids.append(id)
        }
        return ids
    }

    private func byte(_ node: Node) throws(ButtonProfileError) -> UInt8 {
        let text = node.scalar?.string ?? ""
        let value = text.lowercased().hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
        guard let value else { throw error(node, "\"\(text)\" is not a byte (0…255 or 0x00…0xFF)") }
        return value
    }

    private func button(_ node: Node) throws(ButtonProfileError) -> LogicalButton {
        let text = node.scalar?.string ?? ""
        guard let button = LogicalButton(rawValue: text) else {
            throw error(node, "unknown logical button \"\(text)\"; expected one of \(LogicalButton.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return button
    }
}
