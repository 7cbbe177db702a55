import CEvdev
import Glibc

/// Reads the RS-485 caller/evaluator bus on a serial port (9600 8N1) and talks back to it.
///
/// Every valid frame from a device is echoed back at once (the bus's acknowledgement) and, when the
/// protocol maps it, emitted as a ``ButtonPress`` whose `deviceID` is `"<busID>/<address>"`.
/// Frames with bad checksums or cut short are counted and dropped. Host messages given to
/// ``send(_:to:)`` are written by the reader's own thread, in order, while the port is open.
///
/// ```swift
/// let bus = try BusButtonReader(busID: "rs485", path: "/dev/servicehall/bus0", protocol: profile.busProtocol!)
/// Task { await bus.run() }
/// bus.send(.showNumber("A012"), to: 3)
/// ```
public final class BusButtonReader: Sendable {
    public var events: AsyncStream<InputDeviceEvent> { core.events }
    public var busID: String { core.deviceID }
    public var counters: InputReaderCounters { core.counters }
    public let path: String
    public let busProtocol: BusProtocol
    /// A frame still incomplete after this much silence is dropped as truncated.
    public let interByteTimeout: Duration
    private let core: InputReaderCore
    private let outbox = LockedValue<[BusFrame]>([])
    /// Messages kept while the port is closed; older ones are dropped past this.
    static let outboxLimit = 64

    public convenience init(
        busID: String, path: String, protocol busProtocol: BusProtocol,
        interByteTimeout: Duration = .milliseconds(50), backoff: ReconnectBackoff = ReconnectBackoff()
    ) throws(InputSystemError) {
        try self.init(busID: busID, path: path, protocol: busProtocol, interByteTimeout: interByteTimeout, backoff: backoff, calls: .live)
    }

    init(
        busID: String, path: String, protocol busProtocol: BusProtocol,
        interByteTimeout: Duration, backoff: ReconnectBackoff, calls: InputSystemCalls
    ) throws(InputSystemError) {
        self.path = path
        self.busProtocol = busProtocol
        self.interByteTimeout = interByteTimeout
        self.core = try InputReaderCore(deviceID: busID, calls: calls, backoff: backoff)
    }

    /// The `deviceID` of presses from the device at `address`.
    public func deviceID(forAddress address: UInt8) -> String { "\(busID)/\(address)" }

    /// Queues a host message for the device at `address`.
    public func send(_ message: BusHostMessage, to address: UInt8) {
        let frame = busProtocol.frame(for: message, to: address)
        outbox.withLock { queue in
            queue.append(frame)
            if queue.count > Self.outboxLimit { queue.removeFirst(queue.count - Self.outboxLimit) }
        }
        core.wake.signal()
    }

    /// Reads until the calling task is cancelled, reconnecting as needed. Call it once.
    public func run() async {
        await core.run { [self] in session() }
    }

    private func session() -> InputSessionEnd {
        if core.isCancelled { return .cancelled }
        core.setStatus(.connecting)
        let port: SerialPort
        do {
            port = try SerialPort(path: path, calls: core.calls)
        } catch {
            return error.meansUnplugged ? .unplugged(reachedOK: false) : .failed("open \(path): \(error)", reachedOK: false)
        }
        core.count { $0.connections += 1 }
        core.setStatus(.ok)
        return serve(port)
    }

    private func serve(_ port: borrowing SerialPort) -> InputSessionEnd {
        var decoder = BusFrameDecoder()
        var buffer = [UInt8](repeating: 0, count: 256)
        let idleMilliseconds = Int32(
            interByteTimeout.components.seconds * 1000 + interByteTimeout.components.attoseconds / 1_000_000_000_000_000)
        while true {
            do {
                try sendQueued(port)
            } catch {
                return error.meansUnplugged ? .unplugged(reachedOK: true) : .failed("write: \(error)", reachedOK: true)
            }
            let outcome = core.waitReadable(port.fd, timeout: decoder.hasIncompleteFrame ? max(idleMilliseconds, 1) : -1)
            if core.isCancelled { return .cancelled }
            let revents: Int16
            switch outcome {
            case .woken: continue
            case .timedOut:
                account(&decoder) { $0.flushIncomplete() }
                continue
            case .failed(let error): return .failed("poll: \(error)", reachedOK: true)
            case .ready(let value): revents = value
            }
            let count = port.read(into: &buffer)
            if count > 0 {
                let frames = account(&decoder) { $0.feed(buffer[..<count]) }
                for frame in frames {
                    do {
                        try port.writeAll(frame.encoded)
                    } catch {
                        return error.meansUnplugged ? .unplugged(reachedOK: true) : .failed("write: \(error)", reachedOK: true)
                    }
                    deliver(frame)
                }
            } else if count < 0, count != -Int(EAGAIN) {
                let error = InputSystemError(negated: count)
                return error.meansUnplugged ? .unplugged(reachedOK: true) : .failed("read: \(error)", reachedOK: true)
            } else if revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return .unplugged(reachedOK: true)
            }
        }
    }

    private func sendQueued(_ port: borrowing SerialPort) throws(InputSystemError) {
        while let frame = outbox.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            try port.writeAll(frame.encoded)
        }
    }

    private func deliver(_ frame: BusFrame) {
        if let button = busProtocol.button(for: frame) {
            let payload = frame.function == busProtocol.ratingFunction ? [] : frame.data
            core.emit(ButtonPress(deviceID: deviceID(forAddress: frame.address), button: button, payload: payload))
        } else {
            core.count { $0.unknownKeys += 1 }
        }
    }

    /// Runs a decoder step and adds what it dropped to the reader's counters.
    private func account<R>(_ decoder: inout BusFrameDecoder, _ step: (inout BusFrameDecoder) -> R) -> R {
        let before = decoder.counters
        let result = step(&decoder)
        let after = decoder.counters
        core.count {
            $0.badChecksums += after.badChecksums - before.badChecksums
            $0.truncatedFrames += after.truncatedFrames - before.truncatedFrames
            $0.garbage += after.garbageBytes - before.garbageBytes
        }
        return result
    }
}
