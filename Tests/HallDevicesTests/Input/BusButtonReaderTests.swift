import CUmockdev
import Foundation
import Glibc
import Testing

@testable import HallDevices

/// A pseudo-terminal pair: the test plays the bus on the master, the reader opens the slave.
final class PseudoTerminal: @unchecked Sendable {
    private(set) var master: Int32
    let slavePath: String

    init() throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw InputSystemError(rawValue: errno)
        }
        slavePath = String(cString: name)
    }

    func write(_ bytes: [UInt8]) {
        let written = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
        precondition(written == bytes.count)
    }

    /// Reads exactly `count` bytes, waiting at most `seconds` for them (a deadline, not a pause).
    func read(_ count: Int, seconds: Int32 = 10) -> [UInt8] {
        var bytes: [UInt8] = []
        var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while bytes.count < count, poll(&pfd, 1, seconds * 1000) > 0 {
            var buffer = [UInt8](repeating: 0, count: count - bytes.count)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        return bytes
    }

    /// Hangs up the line, as pulling the USB–RS-485 adapter does.
    func hangUp() {
        if master >= 0 { close(master) }
        master = -1
    }

    deinit { hangUp() }
}

@Suite("RS-485 bus reader over a pseudo-terminal", .serialized, .timeLimit(.minutes(3)))
struct BusButtonReaderTests {
    let busProtocol: BusProtocol

    init() throws {
        let url = repositoryRoot.appendingPathComponent("Devices/buttons/rs485-caller-evaluator.yaml")
        busProtocol = try #require(try ButtonProfile.load(from: url).busProtocol)
    }

    @Test("Keys and ratings arrive as presses, every valid frame is echoed, bad ones are counted and dropped")
    func framesPressesAndEcho() async throws {
        let pty = try PseudoTerminal()
        let seam = TestSeam()
        let reader = try BusButtonReader(
            busID: "bus", path: pty.slavePath, protocol: busProtocol,
            interByteTimeout: .milliseconds(50), backoff: InstantBackoff().backoff, calls: seam.calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        #expect(await events.take(2).statuses == [.connecting, .ok])

        // The reader set the line to raw 9600 8N1.
        let fd = open(pty.slavePath, O_RDWR | O_NOCTTY)
        defer { close(fd) }
        var attributes = termios()
        #expect(tcgetattr(fd, &attributes) == 0)
        #expect(cfgetospeed(&attributes) == speed_t(B9600))
        #expect(attributes.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(attributes.c_cflag & tcflag_t(PARENB | CSTOPB) == 0)
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO) == 0)

        let call = BusFrame(address: 3, function: 0x0C).encoded
        var badChecksum = BusFrame(address: 3, function: 0x0D).encoded
        badChecksum[7] ^= 0x40
        let cutShort = Array(BusFrame(address: 4, function: 0x13, data: [9]).encoded.prefix(6))
        let rating = BusFrame(address: 5, function: 0x11, data: [2]).encoded
        let transfer = BusFrame(address: 3, function: 0x13, data: [7]).encoded
        let unmapped = BusFrame(address: 3, function: 0x55).encoded
        // A frame split across writes, then the damaged ones, then good ones behind them.
        pty.write(Array(call.prefix(4)))
        pty.write(Array(call.dropFirst(4)) + badChecksum)
        pty.write(cutShort + rating + unmapped + transfer)

        let presses = await events.take(3).presses
        #expect(
            presses == [
                ButtonPress(deviceID: "bus/3", button: .callNext),
                ButtonPress(deviceID: "bus/5", button: .rate4),
                ButtonPress(deviceID: "bus/3", button: .transfer, payload: [7]),
            ])
        // Echoes are written before the press is emitted; the kernel hands what the slave wrote to the
        // master from a work queue, so read them with a deadline rather than "what is there now".
        let echoes = call + rating + unmapped + transfer
        #expect(pty.read(echoes.count) == echoes)
        let counters = reader.counters
        #expect(counters.badChecksums == 1)
        #expect(counters.truncatedFrames == 1)
        #expect(counters.unknownKeys == 1)
        #expect(counters.presses == 3)
    }

    @Test("Host messages go out as frames the devices understand")
    func hostMessages() async throws {
        let pty = try PseudoTerminal()
        let reader = try BusButtonReader(
            busID: "bus", path: pty.slavePath, protocol: busProtocol,
            interByteTimeout: .milliseconds(50), backoff: InstantBackoff().backoff, calls: TestSeam().calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        defer { task.cancel() }
        #expect(await events.take(2).statuses == [.connecting, .ok])

        reader.send(.showNumber("A012"), to: 3)
        reader.send(.showWaitingCount(12), to: 3)
        reader.send(.beep(times: 2), to: 3)
        reader.send(.startRating, to: 5)
        let expected: [UInt8] =
            [0xFF, 0x68, 0x06, 0x06, 0x68, 0x03, 0x01, 0x41, 0x30, 0x31, 0x32, 0xD8, 0x16]  // 3+1+0x41+0x30+0x31+0x32 = 0xD8
            + [0xFF, 0x68, 0x04, 0x04, 0x68, 0x03, 0x02, 0x00, 0x0C, 0x11, 0x16]
            + [0xFF, 0x68, 0x03, 0x03, 0x68, 0x03, 0x03, 0x02, 0x08, 0x16]
            + [0xFF, 0x68, 0x02, 0x02, 0x68, 0x05, 0x10, 0x15, 0x16]
        #expect(pty.read(expected.count) == expected)
    }

    @Test("Pulling the adapter reports unplugged, closes the port once, and retries with backoff")
    func unplug() async throws {
        let pty = try PseudoTerminal()
        let seam = TestSeam()
        let (waits, waitContinuation) = AsyncStream.makeStream(of: Int.self)
        let backoff = InstantBackoff { number in waitContinuation.yield(number) }
        let reader = try BusButtonReader(
            busID: "bus", path: pty.slavePath, protocol: busProtocol,
            interByteTimeout: .milliseconds(50), backoff: backoff.backoff, calls: seam.calls)
        var events = reader.events.makeAsyncIterator()
        let task = Task { await reader.run() }
        #expect(await events.take(2).statuses == [.connecting, .ok])

        pty.hangUp()
        #expect(await events.take(1).statuses == [.unplugged])
        var waitNumbers = waits.makeAsyncIterator()
        #expect(await waitNumbers.next() == 1)
        // The pts node is gone with its master: the retry finds nothing and waits longer.
        #expect(await waitNumbers.next() == 2)
        task.cancel()
        await task.value
        #expect(Array(backoff.delays.prefix(2)) == [.milliseconds(250), .milliseconds(500)])
        #expect(seam.log.closeCounts(ofPathsUnder: pty.slavePath).first == 1)
        // The retries found nothing; once cancelled the stream ends.
        var rest: [InputDeviceEvent] = []
        while let event = await events.next() { rest.append(event) }
        #expect(rest.presses.isEmpty)
        #expect(Set(rest.statuses).isSubset(of: [.connecting, .unplugged]))
    }
}
