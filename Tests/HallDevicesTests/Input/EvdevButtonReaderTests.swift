import CUmockdev
import Foundation
import Testing

@testable import HallDevices

/// True when the test process runs with umockdev's preload library (`umockdev-wrapper swift test`).
/// `umockdev_in_mock_environment()` stays false until a testbed exists, so look at LD_PRELOAD.
let underUmockdev = runsUnderUmockdev("EvdevButtonReaderTests")

/// The process's one umockdev testbed. Each test adds its own device node (event10, event11, …):
/// umockdev cannot add a node name twice.
final class InputTestbed: @unchecked Sendable {
    static let shared = InputTestbed()
    private let testbed: OpaquePointer

    private init() {
        testbed = OpaquePointer(umockdev_testbed_new())
    }

    /// Adds the fixture `<stem>.umockdev`, with its ioctl answers and its recorded events.
    func add(_ stem: String, node: String) throws {
        let base = inputFixtures.appendingPathComponent(stem).path
        let description = try String(contentsOfFile: base + ".umockdev", encoding: .utf8)
        var error: UnsafeMutablePointer<GError>?
        let device = "/dev/input/" + node
        let pointer = UnsafeMutablePointer<UMockdevTestbed>(testbed)
        guard umockdev_testbed_add_from_string(pointer, description, &error) != 0,
            umockdev_testbed_load_ioctl(pointer, device, base + ".ioctl", &error) != 0,
            umockdev_testbed_load_evemu_events(pointer, device, base + ".events", &error) != 0
        else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown"
            throw ButtonProfileError(file: base, line: 0, reason: "umockdev: \(message)")
        }
    }

    func remove(node: String) {
        let number = node.dropFirst("event".count)
        umockdev_testbed_remove_device(UnsafeMutablePointer<UMockdevTestbed>(testbed), "/sys/devices/virtual/input/input\(number)/\(node)")
    }
}

@Suite(
    "evdev buttons under umockdev, through the real libevdev",
    .serialized, .timeLimit(.minutes(3)),
    .enabled(
        if: underUmockdev,
        "needs umockdev's preload; a plain swift test runs it in a child under umockdev-wrapper (EvdevUnderUmockdevTests)")
)
struct EvdevButtonReaderTests {
    let evaluator: [UInt16: LogicalButton]
    let caller: [UInt16: LogicalButton]

    init() throws {
        let buttons = repositoryRoot.appendingPathComponent("Devices/buttons")
        evaluator = try ButtonProfile.load(from: buttons.appendingPathComponent("evaluator-5key-usb.yaml")).evdevKeyMap
        caller = try ButtonProfile.load(from: buttons.appendingPathComponent("caller-f1-f8-usb.yaml")).evdevKeyMap
    }

    @Test("A resident's rating: KEY_1 then KEY_5 on a 5-key evaluator are rate5 then rate1")
    func rating() async throws {
        try InputTestbed.shared.add("evaluator-rating", node: "event10")
        let seam = TestSeam()
        let reader = try EvdevButtonReader(
            deviceID: "win1-eval", locator: .path("/dev/input/event10"), keyMap: evaluator,
            backoff: InstantBackoff().backoff, calls: seam.calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        let seen = await events.take(4)
        task.cancel()
        await task.value
        #expect(
            seen == [
                .status(deviceID: "win1-eval", .connecting), .status(deviceID: "win1-eval", .ok),
                .press(ButtonPress(deviceID: "win1-eval", button: .rate5)),
                .press(ButtonPress(deviceID: "win1-eval", button: .rate1)),
            ])
        #expect(seam.log.entries.contains(.grab(try #require(openedFD(seam, "/dev/input/event10")))))
        #expect(seam.log.closeCounts(ofPathsUnder: "/dev/input/event10") == [1])
    }

    @Test("A clerk's call: F1 then F2 on the caller keypad are callNext then recall")
    func call() async throws {
        try InputTestbed.shared.add("caller-call", node: "event11")
        let reader = try EvdevButtonReader(
            deviceID: "win1-caller", locator: .path("/dev/input/event11"), keyMap: caller,
            backoff: InstantBackoff().backoff, calls: TestSeam().calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        #expect(await events.take(4).presses.map(\.button) == [.callNext, .recall])
    }

    @Test("A key held when the device is opened: the grab waits for its release, which is no press")
    func heldKeyAtStart() async throws {
        try InputTestbed.shared.add("evaluator-held", node: "event12")
        let seam = TestSeam()
        let reader = try EvdevButtonReader(
            deviceID: "held", locator: .path("/dev/input/event12"), keyMap: evaluator,
            backoff: InstantBackoff().backoff, calls: seam.calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        let seen = await events.take(until: { if case .press = $0 { true } else { false } })
        #expect(seen.statuses == [.connecting, .waitingForRelease, .ok])
        // KEY_3 (held) repeats and is released, then KEY_2 is pressed: only KEY_2 counts.
        #expect(seen.presses == [ButtonPress(deviceID: "held", button: .rate4)])
        let log = seam.log.entries
        let release = try #require(log.firstIndex(of: .keyEvent(code: 4, value: 0)))
        let grab = try #require(log.firstIndex { if case .grab = $0 { true } else { false } })
        #expect(grab > release)
    }

    @Test("Autorepeat is ignored: a key held down is one press")
    func autorepeat() async throws {
        try InputTestbed.shared.add("evaluator-autorepeat", node: "event13")
        let reader = try EvdevButtonReader(
            deviceID: "rep", locator: .path("/dev/input/event13"), keyMap: evaluator,
            backoff: InstantBackoff().backoff, calls: TestSeam().calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        // KEY_4 down, three repeats, up; then KEY_1 as the marker that all were handled.
        #expect(await events.take(4).presses.map(\.button) == [.rate2, .rate5])
        #expect(reader.counters.autorepeats == 3)
        #expect(reader.counters.presses == 2)
    }

    @Test("Unmapped keys, undeclared keys, odd values and unknown event types are dropped")
    func unknownKeys() async throws {
        try InputTestbed.shared.add("evaluator-unknown", node: "event14")
        let reader = try EvdevButtonReader(
            deviceID: "noisy", locator: .path("/dev/input/event14"), keyMap: evaluator,
            backoff: InstantBackoff().backoff, calls: TestSeam().calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        #expect(await events.take(3).presses.map(\.button) == [.rate5])
        #expect(reader.counters.unknownKeys == 1)  // KEY_6: declared, not in the profile
        #expect(reader.counters.garbage == 1)  // KEY_2 with value 7
    }

    @Test("Unplugged and plugged back (as another eventN): reported, found again by name, reading resumes")
    func unplugAndReplug() async throws {
        try InputTestbed.shared.add("evaluator-replug-first", node: "event15")
        let seam = TestSeam()
        let backoff = InstantBackoff { waitNumber in
            // The second wait is where the resident plugs the evaluator back in.
            if waitNumber == 2 { try? InputTestbed.shared.add("evaluator-replug-second", node: "event16") }
        }
        let reader = try EvdevButtonReader(
            deviceID: "replug", locator: .matching(EvdevMatch(names: ["Replug Evaluator"])), keyMap: evaluator,
            backoff: backoff.backoff, calls: seam.calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        #expect(
            await events.take(3) == [
                .status(deviceID: "replug", .connecting), .status(deviceID: "replug", .ok),
                .press(ButtonPress(deviceID: "replug", button: .rate5)),
            ])

        let fd = try #require(openedFD(seam, "/dev/input/event15"))
        InputTestbed.shared.remove(node: "event15")
        seam.unplug(fd: fd)
        let afterUnplug = await events.take(until: { if case .press = $0 { true } else { false } })
        task.cancel()
        await task.value
        #expect(afterUnplug.statuses == [.unplugged, .connecting, .unplugged, .connecting, .ok])
        #expect(afterUnplug.presses == [ButtonPress(deviceID: "replug", button: .rate1)])
        #expect(backoff.delays == [.milliseconds(250), .milliseconds(500)])
        #expect(seam.log.closeCounts(ofPathsUnder: "/dev/input/event15").allSatisfy { $0 == 1 })
        #expect(seam.log.closeCounts(ofPathsUnder: "/dev/input/event16").allSatisfy { $0 == 1 })
        #expect(reader.counters.connections == 2)
    }

    private func openedFD(_ seam: TestSeam, _ path: String) -> Int32? {
        seam.log.entries.lazy.compactMap { entry -> Int32? in
            if case .open(path, let fd) = entry, fd >= 0 { fd } else { nil }
        }.last
    }
}
