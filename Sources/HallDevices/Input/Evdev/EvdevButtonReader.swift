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
    /// discarding what happens meanwhile (the held key's release is not a press).
    private func waitUntilAllKeysUp(_ handle: borrowing EvdevHandle) -> InputSessionEnd? {
        while !handle.keysDown.isEmpty {
            core.setStatus(.waitingForRelease)
            switch readAvailable(handle, emit: false) {
            case .some(let end): return end.downgraded
            case .none: continue
            }
        }
        return nil
    }

    private func readPresses(_ handle: borrowing EvdevHandle) -> InputSessionEnd {
        while true {
            if let end = readAvailable(handle, emit: true) { return end }
        }
    }

    /// Waits for the device, then handles every queued event. `nil` means "keep going".
    private func readAvailable(_ handle: borrowing EvdevHandle, emit: Bool) -> InputSessionEnd? {
        let revents: Int16
        switch core.waitReadable(handle.fd) {
        case .ready(let value): revents = value
        case .woken, .timedOut: return core.isCancelled ? .cancelled : nil
        case .failed(let error): return .failed("poll: \(error)", reachedOK: emit)
        }
        if core.isCancelled { return .cancelled }
        while true {
            let event: input_event?
            do {
                event = try handle.nextEvent()
            } catch {
                return error.meansUnplugged ? .unplugged(reachedOK: emit) : .failed("read: \(error)", reachedOK: emit)
            }
            guard let event else { break }
            if emit { dispatch(event) }
        }
        // The kernel signals an unplug with POLLHUP/POLLERR (and ENODEV on read, handled above).
        if revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .unplugged(reachedOK: emit) }
        return nil
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
