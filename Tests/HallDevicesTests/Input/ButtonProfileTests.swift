import Foundation
import Testing

@testable import HallDevices

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let inputFixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/input")

@Suite("Button profiles")
struct ButtonProfileTests {
    let profiles: [ButtonProfile]

    init() throws {
        profiles = try ButtonProfile.loadAll(in: repositoryRoot.appendingPathComponent("Devices/buttons"))
    }

    func profile(_ id: String) throws -> ButtonProfile {
        try #require(profiles.first { $0.id == id })
    }

    @Test("Every shipped profile loads")
    func shippedProfilesLoad() {
        #expect(
            profiles.map(\.id) == [
                "caller-f1-f8-usb", "evaluator-3key-usb", "evaluator-4key-usb", "evaluator-5key-usb", "rs485-caller-evaluator",
            ])
    }

    @Test("A 3-key evaluator maps onto the best, middle and worst level")
    func threeKeys() throws {
        let keys = try profile("evaluator-3key-usb").evdevKeyMap
        #expect(keys == [2: .rate5, 3: .rate3, 4: .rate1])  // KEY_1, KEY_2, KEY_3
    }

    @Test("4- and 5-key evaluators, and the F1–F8 caller")
    func otherLayouts() throws {
        #expect(try profile("evaluator-4key-usb").evdevKeyMap == [79: .rate5, 80: .rate4, 81: .rate2, 75: .rate1])
        #expect(try profile("evaluator-5key-usb").evdevKeyMap == [2: .rate5, 3: .rate4, 4: .rate3, 5: .rate2, 6: .rate1])
        let caller = try profile("caller-f1-f8-usb")
        #expect(caller.evdevKeyMap[59] == .callNext)  // KEY_F1
        #expect(caller.evdevKeyMap[66] == .start)  // KEY_F8
        #expect(caller.buttons == [.callNext, .recall, .skip, .pause, .transfer, .finish, .hold, .start])
        #expect(caller.evdevMatch?.usbIDs == [USBDeviceID(vendorID: 0x1C4F, productID: 0x0002)])
    }

    @Test("The bus profile carries the caller keys, the rating reply and the host codes")
    func busProfile() throws {
        let bus = try #require(try profile("rs485-caller-evaluator").busProtocol)
        #expect(bus.keys == [0x0C: .callNext, 0x0D: .recall, 0x0B: .finish, 0x12: .pause, 0x13: .transfer, 0x0F: .start])
        #expect(bus.ratingFunction == 0x11)
        #expect(bus.button(for: BusFrame(address: 1, function: 0x11, data: [1])) == .rate5)
        #expect(bus.button(for: BusFrame(address: 1, function: 0x11, data: [5])) == .rate1)
        #expect(bus.button(for: BusFrame(address: 1, function: 0x11, data: [9])) == nil)
        #expect(bus.frame(for: .showNumber("A012"), to: 3) == BusFrame(address: 3, function: 0x01, data: Array("A012".utf8)))
        #expect(bus.frame(for: .showWaitingCount(300), to: 3) == BusFrame(address: 3, function: 0x02, data: [0x01, 0x2C]))
        #expect(bus.frame(for: .startRating, to: 7).encoded == [0xFF, 0x68, 0x02, 0x02, 0x68, 0x07, 0x10, 0x17, 0x16])
    }

    @Test(
        "A bad profile is rejected with file, line and reason",
        arguments: [
            ("keys:\n  KEY_1: rate5\n  KEY_2: rate6\n", 9, "unknown logical button \"rate6\""),
            ("keys:\n  KEY_1: rate5\n  KEY_NOPE: rate1\n", 9, "unknown evdev key \"KEY_NOPE\""),
            ("keys:\n  KEY_1: rate5\n  KEY_2: rate3\n", 8, "must reach both rate5"),
            ("keys:\n  KEY_1: rate5\n  KEY_2: callNext\n", 8, "an evaluator maps only rate1…rate5"),
            ("keys:\n  KEY_1: rate5\n   KEY_2: rate1\n", 9, "YAML"),
            ("kyes:\n  KEY_1: rate5\n", 7, "unknown field \"kyes\""),
        ]
    )
    func badProfile(tail: String, line: Int, reason: String) {
        let yaml = """
            id: broken
            kind: evaluator
            summary: a broken evaluator
            backend: evdev
            match:
              usb: ["1234:5678"]

            """ + tail
        #expect {
            try ButtonProfile.parse(yaml: yaml, file: "Devices/buttons/broken.yaml")
        } throws: { error in
            guard let error = error as? ButtonProfileError else { return false }
            return error.file == "Devices/buttons/broken.yaml" && error.line == line && error.reason.contains(reason)
        }
    }

    @Test("A typo is answered with the field or button meant, at its line and column")
    func typoSuggestions() {
        let yaml = "id: t\nkind: evaluator\nbackend: evdev\nmatch: {usb: [\"1234:5678\"]}\nkeys: {KEY_1: rate5, KEY_2: rtae1}\n"
        #expect(
            throws: ButtonProfileError(
                file: "t.yaml", line: 5, column: 29,
                reason:
                    "unknown logical button \"rtae1\" (did you mean \"rate1\"?); expected one of \(LogicalButton.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        ) {
            try ButtonProfile.parse(yaml: yaml, file: "t.yaml")
        }
        #expect {
            try ButtonProfile.parse(yaml: "id: t\nknd: caller\n", file: "t.yaml")
        } throws: {
            ($0 as? ButtonProfileError).map {
                $0.line == 2 && $0.column == 1 && $0.reason.hasPrefix("unknown field \"knd\" (did you mean \"kind\"?)")
            } ?? false
        }
    }

    @Test("A bad USB id and a missing host code are rejected at their line")
    func badIDs() {
        let evdev = "id: x\nkind: caller\nbackend: evdev\nmatch:\n  usb: [\"12:5678\"]\nkeys: {KEY_F1: callNext}\n"
        #expect(
            throws: ButtonProfileError(file: "x.yaml", line: 5, column: 9, reason: "bad USB id \"12:5678\"; expected \"vvvv:pppp\" in hex")
        ) {
            try ButtonProfile.parse(yaml: evdev, file: "x.yaml")
        }
        let bus = "id: y\nkind: caller\nbackend: rs485\nkeys: {0x0C: callNext}\nhost:\n  showNumber: 1\n  beep: 3\n  startRating: 0x10\n"
        #expect {
            try ButtonProfile.parse(yaml: bus, file: "y.yaml")
        } throws: { ($0 as? ButtonProfileError).map { $0.line == 6 && $0.reason == "host: is missing showWaitingCount" } ?? false }
    }

    @Test("udev rules give every profile's devices to the hall's group, with a stable symlink")
    func udevRules() throws {
        let lines = ButtonProfile.udevRuleLines(for: profiles)
        #expect(
            lines.contains(
                #"SUBSYSTEM=="input", KERNEL=="event*", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="e5e3", MODE="0660", GROUP="servicehall", ENV{LIBINPUT_IGNORE_DEVICE}="1", SYMLINK+="servicehall/buttons/evaluator-3key-usb-%E{ID_PATH}""#
            ))
        #expect(
            lines.contains(
                #"SUBSYSTEM=="input", KERNEL=="event*", ATTRS{name}=="USB Caller Keypad F1-F8", MODE="0660", GROUP="servicehall", ENV{LIBINPUT_IGNORE_DEVICE}="1", SYMLINK+="servicehall/buttons/caller-f1-f8-usb-%E{ID_PATH}""#
            ))
        #expect(
            lines.contains(
                #"SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", MODE="0660", GROUP="servicehall", SYMLINK+="servicehall/bus/rs485-caller-evaluator-%E{ID_PATH}""#
            ))
        // One comment plus one line per name or id, per profile.
        let expectedCount = profiles.reduce(0) { count, profile in
            switch profile.backend {
            case .evdev(let match, _): count + 1 + match.names.count + match.usbIDs.count
            case .rs485(let adapters, _): count + 1 + adapters.count
            }
        }
        #expect(lines.count == expectedCount)
    }
}

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test("Doubles from the first delay up to the ceiling")
    func doubling() {
        let backoff = ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(2))
        #expect(
            (1...6).map { backoff.delay(afterFailures: $0) } == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(2), .seconds(2),
            ])
    }
}
