import Foundation
import CUmockdev
import Glibc
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HallApp
@testable import HallDevices

/// A pseudo-terminal pair: the test plays the RS-485 bus on the master; the hall's bus reader opens the slave.
final class BusLine: @unchecked Sendable {
    let master: Int32
    let slavePath: String

    init() throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw InputSystemError(rawValue: errno)
        }
        slavePath = String(cString: name)
    }

    /// A device on the bus sends a frame.
    func send(_ frame: BusFrame) {
        let bytes = frame.encoded
        precondition(bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) } == bytes.count)
    }

    /// Reads frames the host sends until one matches, waiting at most 10 s for each read (a deadline,
    /// not a pause). The blocking reads run on a thread of their own: on one of the two cooperative
    /// threads they would keep the hall from sending the frame they wait for.
    func awaitFrame(_ match: @escaping @Sendable (BusFrame) -> Bool) async -> BusFrame? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.readFrame(match)) }.start()
        }
    }

    private func readFrame(_ match: (BusFrame) -> Bool) -> BusFrame? {
        var decoder = BusFrameDecoder()
        var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&pfd, 1, 10_000) > 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n <= 0 { return nil }
            if let found = decoder.feed(buffer[..<n]).first(where: match) { return found }
        }
        return nil
    }

    deinit { close(master) }
}

@Suite("Evaluators and caller keypads in the hall", .timeLimit(.minutes(3)))
struct ButtonWiringTests {
    /// A fake device: the test hands the service events as a reader would emit them.
    func source(_ id: String, kind: String, window: Int) -> ButtonSource {
        let (events, _) = AsyncStream.makeStream(of: InputDeviceEvent.self)
        return ButtonSource(id: id, kind: kind, events: events, run: {}, window: { _ in window }, statusWindow: window, send: nil)
    }

    func press(_ service: ButtonService, _ source: ButtonSource, _ button: LogicalButton) async {
        await service.handle(.press(ButtonPress(deviceID: source.id, button: button)), from: source)
    }

    @Test("keypad keys run the window's commands as its staff; evaluator keys rate the visit awaiting a rating")
    func keypadAndEvaluator() async throws {
        let t = try await TestHall()
        let keypad = source("w1-keypad", kind: "caller", window: 1)
        let evaluator = source("w1-evaluator", kind: "evaluator", window: 1)
        let service = ButtonService(hall: t.hall, sources: [keypad, evaluator], logger: Logger(label: "test"))
        try await t.hall.execute(.open(window: 1, staffID: nil))
        try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "CODE0001"))
        try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "CODE0002"))

        // Nothing to rate yet: ignored, nothing journaled.
        let before = await t.hall.seq
        await press(service, evaluator, .rate5)
        #expect(await t.hall.seq == before)

        await press(service, keypad, .callNext)
        let first = try #require(await t.hall.state.windows[1]?.current)
        await press(service, keypad, .recall)
        #expect(await t.hall.state.visits[first]?.recalls == 1)
        await press(service, keypad, .start)
        #expect(await t.hall.state.visits[first]?.status == .serving)
        await press(service, keypad, .finish)
        #expect(await t.hall.state.visits[first]?.staffID == "zhang-wei")
        #expect(await t.hall.state.windows[1]?.awaitingRating == first)
        await press(service, evaluator, .rate4)
        #expect(await t.hall.state.visits[first]?.rating == .satisfied)

        // A bad rating from keys: stored, reason pending, flagged for follow-up.
        await press(service, keypad, .callNext)
        let second = try #require(await t.hall.state.windows[1]?.current)
        await press(service, keypad, .finish)
        await press(service, evaluator, .rate1)
        #expect(await t.hall.state.visits[second]?.rating == .veryUnsatisfied)
        let bad = try t.runtime.database.badRatings(from: LocalDate("2026-11-23")!, to: LocalDate("2026-11-23")!)
        #expect(bad.first { $0.visitID == second }?.followUp == "reason_pending")

        // Pause from the keypad, and a status from the device.
        await press(service, keypad, .pause)
        if case .paused = await t.hall.state.windows[1]?.status {} else { Issue.record("window 1 not paused") }
        await service.handle(.status(deviceID: "w1-evaluator", .unplugged), from: evaluator)
        #expect(
            await t.hall.state.devices["w1-evaluator"]
                == DeviceState(deviceID: "w1-evaluator", kind: "evaluator", window: 1, status: .unplugged))
        await service.handle(.status(deviceID: "w1-evaluator", .connecting), from: evaluator)
        #expect(await t.hall.state.devices["w1-evaluator"]?.status == .unplugged)
    }

    /// End to end through the real RS-485 bus reader on a pseudo-terminal (real frames, the hall's
    /// services running): a ticket over the API, the caller key calls it, the finish key ends it, the
    /// evaluator is asked to rate, its key rates, and the statistics show it for window 1 and 张伟.
    @Test("a ticket over the API, called and finished on the bus caller, rated on the bus evaluator, in the statistics")
    func endToEndOverTheBus() async throws {
        let line = try BusLine()
        let devices = DeviceSetup(buses: [BusSetup(id: "bus0", path: line.slavePath, profile: "rs485-caller-evaluator", addresses: [2: 1])])
        let t = try await TestHall(devices: devices)
        let feed = await t.hall.bus.subscribe()
        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            let ticket = try await client.ticket("pension")
            // The reader has the port open once the hall hears the bus is ok.
            #expect(await nextEvent(feed) { if case .deviceStatusChanged("bus0", "bus", nil, .ok) = $0 { true } else { nil } } == true)

            line.send(BusFrame(address: 2, function: 0x0C))  // 呼叫
            let called = await nextEvent(feed) { if case .visitCalled(let id, let number, 1, false, _) = $0 { (id, number) } else { nil } }
            #expect(called?.0 == ticket.id)
            let shown = await line.awaitFrame { $0.address == 2 && $0.function == 0x01 }
            #expect(shown?.data == Array(ticket.number.utf8))

            line.send(BusFrame(address: 2, function: 0x0B))  // 评价: finish and ask for a rating
            #expect(await nextEvent(feed) { if case .visitFinished(ticket.id, 1, "zhang-wei") = $0 { true } else { nil } } == true)
            #expect(await line.awaitFrame { $0.address == 2 && $0.function == 0x10 } != nil)

            line.send(BusFrame(address: 2, function: 0x11, data: [1]))  // 非常满意
            let rating = await nextEvent(feed) { if case .ratingRecorded(let r) = $0 { r } else { nil } }
            #expect(rating?.visitID == ticket.id)
            #expect(rating?.level == .verySatisfied)
            #expect(rating?.source == "evaluator")

            let admin = try await client.login("admin", "admin12345")
            for (by, key) in [("window", "1"), ("staff", "zhang-wei")] {
                let stats = try await client.json(.get, "/api/v1/stats/satisfaction?by=\(by)", cookie: admin)
                let rows = try #require(stats.body["rows"] as? [[String: Any]])
                let row = try #require(rows.first { $0["key"] as? String == key }, "\(by): \(rows)")
                #expect(row["rated"] as? Int == 1)
                #expect((row["levels"] as? [String: Int])?["verySatisfied"] == 1)
            }
        }
    }
}
