import CEvdev
import Foundation
import HallPOSIX

/// Counts a reader keeps of what it saw and dropped, for the administrator's device page.
public struct InputReaderCounters: Sendable, Hashable {
    /// Presses of mapped keys that were emitted.
    public var presses = 0
    /// Key repeats (evdev value 2) ignored.
    public var autorepeats = 0
    /// Presses of keys the profile does not map (evdev), or frames of functions it does not map (bus).
    public var unknownKeys = 0
    /// Events or bytes that made no sense: odd key values, bytes between frames.
    public var garbage = 0
    /// Bus frames dropped for a bad checksum.
    public var badChecksums = 0
    /// Bus frames dropped because they ended early.
    public var truncatedFrames = 0
    /// Times the device was opened successfully (the first time included).
    public var connections = 0

    public init() {}
}

/// How one connection to a device ended.
enum InputSessionEnd: Sendable, Equatable {
    case cancelled
    case unplugged(reachedOK: Bool)
    case failed(String, reachedOK: Bool)
}

/// What the evdev and the bus readers share: the event stream, status changes, counters, the wake
/// pipe, and the loop that reconnects with backoff. A connection (a "session") runs blocking on its
/// own thread, so a reader never ties up the cooperative thread pool.
final class InputReaderCore: Sendable {
    let deviceID: String
    let events: AsyncStream<InputDeviceEvent>
    let calls: InputSystemCalls
    let backoff: ReconnectBackoff
    let wake: WakePipe
    private let continuation: AsyncStream<InputDeviceEvent>.Continuation
    private let state = LockedValue(State())

    private struct State {
        var status: InputDeviceStatus?
        var counters = InputReaderCounters()
        var cancelled = false
        var running = false
    }

    init(deviceID: String, calls: InputSystemCalls, backoff: ReconnectBackoff) throws(InputSystemError) {
        self.deviceID = deviceID
        self.calls = calls
        self.backoff = backoff
        self.wake = try WakePipe(calls: calls)
        (events, continuation) = AsyncStream.makeStream(of: InputDeviceEvent.self, bufferingPolicy: .unbounded)
    }

    var counters: InputReaderCounters { state.current.counters }
    var status: InputDeviceStatus? { state.current.status }
    var isCancelled: Bool { state.current.cancelled }

    func count(_ update: (inout InputReaderCounters) -> Void) { state.withLock { update(&$0.counters) } }

    func emit(_ press: ButtonPress) {
        count { $0.presses += 1 }
        continuation.yield(.press(press))
    }

    /// Emits a status only when it changed.
    func setStatus(_ status: InputDeviceStatus) {
        let changed = state.withLock { state -> Bool in
            guard state.status != status else { return false }
            state.status = status
            return true
        }
        if changed { continuation.yield(.status(deviceID: deviceID, status)) }
    }

    /// Runs sessions until cancelled, waiting with backoff between failed ones; then finishes the stream.
    /// A reader runs once: a second call returns at once.
    func run(session: @escaping @Sendable () -> InputSessionEnd) async {
        guard
            state.withLock({ state -> Bool in
                defer { state.running = true }
                return !state.running
            })
        else { return }
        defer { continuation.finish() }
        var failures = 0
        while true {
            let end = await withTaskCancellationHandler {
                await BlockingThread.runOnce(name: "servicehall-input", session)
            } onCancel: {
                self.state.withLock { $0.cancelled = true }
                self.wake.signal()
            }
            switch end {
            case .cancelled:
                return
            case .unplugged(let reachedOK):
                setStatus(.unplugged)
                failures = reachedOK ? 1 : failures + 1
            case .failed(let reason, let reachedOK):
                setStatus(.failed(reason))
                failures = reachedOK ? 1 : failures + 1
            }
            if Task.isCancelled || isCancelled { return }
            do {
                try await backoff.sleep(backoff.delay(afterFailures: failures))
            } catch {
                return
            }
            if Task.isCancelled || isCancelled { return }
        }
    }

    enum PollOutcome: Equatable {
        /// The device's `revents` (readable, or hung up).
        case ready(Int16)
        /// The wake pipe fired: cancelled, or something to send.
        case woken
        case timedOut
        case failed(InputSystemError)
    }

    /// Blocks until `fd` is ready, the wake pipe fires, or `timeout` milliseconds pass (-1 = never).
    func waitReadable(_ fd: Int32, timeout: Int32 = -1) -> PollOutcome {
        var fds = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        let rc = fds.withUnsafeMutableBufferPointer { buffer in retryingEINTR(.negatedErrno) { calls.poll(buffer, timeout) } }
        if rc < 0 { return .failed(InputSystemError(negated: rc)) }
        if rc == 0 { return .timedOut }
        if fds[1].revents != 0 { wake.drain() }
        return fds[0].revents != 0 ? .ready(fds[0].revents) : .woken
    }

    deinit { continuation.finish() }
}
