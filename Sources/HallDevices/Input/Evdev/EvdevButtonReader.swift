import CEvdev
import Glibc

/// Reads an evaluator or caller keypad that presents as an input device, through libevdev.
///
/// The reader opens the device, waits until every key is up, grabs it exclusively (so its keys
/// never reach a console or a kiosk browser), and emits a ``ButtonPress`` for each press of a mapped
/// key. Key repeats and releases are ignored; unmapped keys and odd values are counted and dropped.
/// When the device goes away it reports ``InputDeviceStatus/unplugged`` and looks for it again with
/// backoff, until the task running ``run()`` is cancelled.
///
/// ```swift
/// let profile = try ButtonProfile.load(from: url)
/// let reader = try EvdevButtonReader(deviceID: "window-3-evaluator",
///                                    locator: .path("/dev/servicehall/buttons/win3"),
///                                    keyMap: profile.evdevKeyMap)
/// Task { await reader.run() }
/// for await event in reader.events { … }
/// ```
public final class EvdevButtonReader: Sendable {
    /// Presses and status changes, in order. Finishes when ``run()`` returns.
    public var events: AsyncStream<InputDeviceEvent> { core.events }
    public var deviceID: String { core.deviceID }
    public var counters: InputReaderCounters { core.counters }
    public let locator: EvdevLocator
    /// evdev key code (`KEY_F1` = 59) to logical button.
    public let keyMap: [UInt16: LogicalButton]
    private let core: InputReaderCore

    public convenience init(
        deviceID: String,
        locator: EvdevLocator,
        keyMap: [UInt16: LogicalButton],
        backoff: ReconnectBackoff = ReconnectBackoff()
    ) throws(InputSystemError) {
        try self.init(deviceID: deviceID, locator: locator, keyMap: keyMap, backoff: backoff, calls: .live)
    }

    init(
        deviceID: String,
        locator: EvdevLocator,
        keyMap: [UInt16: LogicalButton],
        backoff: ReconnectBackoff,
        calls: InputSystemCalls
    ) throws(InputSystemError) {
        self.locator = locator
        self.keyMap = keyMap
        self.core = try InputReaderCore(deviceID: deviceID, calls: calls, backoff: backoff)
    }

    /// Reads until the calling task is cancelled, reconnecting as needed. Call it once.
    public func run() async {
        await core.run { [self] in session() }
    }

    /// One connection: find, open, wait for release, grab, read until unplug or cancellation.
    private func session() -> InputSessionEnd {
        if core.isCancelled { return .cancelled }
        core.setStatus(.connecting)
        guard let path = EvdevDiscovery.resolve(locator, calls: core.calls) else {
            return .unplugged(reachedOK: false)
        }
        let handle: EvdevHandle
        do {
            handle = try EvdevHandle(path: path, calls: core.calls)
        } catch {
            return error.meansUnplugged ? .unplugged(reachedOK: false) : .failed("open \(path): \(error)", reachedOK: false)
        }
        core.count { $0.connections += 1 }
        if let end = waitUntilAllKeysUp(handle) { return end }
        do {
            try handle.grab()
        } catch {
            return error.meansUnplugged ? .unplugged(reachedOK: false) : .failed("grab \(path): \(error)", reachedOK: false)
        }
        core.setStatus(.ok)
        return readPresses(handle)
    }

    /// A key held while the device is grabbed stays down for the system forever: wait it out,
    /// one event at a time, discarding them (the held key's release is not a press). Events after
    /// the last release stay queued for ``readPresses(_:)``.
    private func waitUntilAllKeysUp(_ handle: borrowing EvdevHandle) -> InputSessionEnd? {
        while !handle.keysDown.isEmpty {
            core.setStatus(.waitingForRelease)
            do {
                if try handle.nextEvent() != nil { continue }
            } catch {
                return error.meansUnplugged ? .unplugged(reachedOK: false) : .failed("read: \(error)", reachedOK: false)
            }
            switch waitForDevice(handle) {
            case .some(.ended(let end)): return end.downgraded
            case .some(.hungUp): return .unplugged(reachedOK: false)
            case .none: continue
            }
        }
        return nil
    }

    /// Handles every queued event, then waits for more, until unplug or cancellation.
    private func readPresses(_ handle: borrowing EvdevHandle) -> InputSessionEnd {
        var hungUp = false
        while true {
            do {
                while let event = try handle.nextEvent() { dispatch(event) }
            } catch {
                return error.meansUnplugged ? .unplugged(reachedOK: true) : .failed("read: \(error)", reachedOK: true)
            }
            // The kernel signals an unplug with POLLHUP/POLLERR (and ENODEV on read, handled above);
            // what was still queued has been handled by now.
            if hungUp { return .unplugged(reachedOK: true) }
            switch waitForDevice(handle) {
            case .some(.ended(let end)): return end
            case .some(.hungUp): hungUp = true
            case .none: continue
            }
        }
    }

    private enum WaitOutcome {
        case ended(InputSessionEnd)
        case hungUp
    }

    /// Blocks until the device has something (nil), hangs up, or the reader is cancelled.
    private func waitForDevice(_ handle: borrowing EvdevHandle) -> WaitOutcome? {
        let outcome = core.waitReadable(handle.fd)
        if core.isCancelled { return .ended(.cancelled) }
        switch outcome {
        case .ready(let revents):
            return revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 ? .hungUp : nil
        case .woken, .timedOut:
            return nil
        case .failed(let error):
            return .ended(.failed("poll: \(error)", reachedOK: true))
        }
    }

    private func dispatch(_ event: input_event) {
        guard event.type == UInt16(EV_KEY) else { return }
        switch event.value {
        case 1:
            if let button = keyMap[event.code] {
                core.emit(ButtonPress(deviceID: core.deviceID, button: button))
            } else {
                core.count { $0.unknownKeys += 1 }
            }
        case 0:
            break
        case 2:
            core.count { $0.autorepeats += 1 }
        default:
            core.count { $0.garbage += 1 }
        }
    }
}

extension InputSessionEnd {
    /// Before the grab the session never reached `.ok`.
    fileprivate var downgraded: InputSessionEnd {
        switch self {
        case .cancelled: .cancelled
        case .unplugged: .unplugged(reachedOK: false)
        case .failed(let reason, _): .failed(reason, reachedOK: false)
        }
    }
}
