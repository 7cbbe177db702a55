import CEvdev
import Foundation
import Glibc

@testable import HallDevices

/// What the readers did through the seam, in order.
final class CallLog: @unchecked Sendable {
    enum Entry: Equatable {
        case open(String, fd: Int32)
        case close(Int32)
        case grab(Int32)
        case keyEvent(code: UInt16, value: Int32)
    }

    private let lock = NSLock()
    private var storage: [Entry] = []
    private var deviceFDs: [OpaquePointer: Int32] = [:]
    /// fds whose device the test has "unplugged": poll reports a hang-up, reads fail with ENODEV.
    private var unplugged: Set<Int32> = []

    var entries: [Entry] { lock.withLock { storage } }
    func append(_ entry: Entry) { lock.withLock { storage.append(entry) } }
    func fd(of device: OpaquePointer) -> Int32 { lock.withLock { deviceFDs[device] ?? -1 } }
    func remember(_ device: OpaquePointer, fd: Int32) { lock.withLock { deviceFDs[device] = fd } }
    func isUnplugged(_ fd: Int32) -> Bool { lock.withLock { unplugged.contains(fd) } }
    func unplug(_ fd: Int32) { lock.withLock { _ = unplugged.insert(fd) } }

    /// Device fds opened (paths under `prefix`) and how often each was closed.
    func closeCounts(ofPathsUnder prefix: String) -> [Int] {
        let all = entries
        var counts: [Int] = []
        for (index, entry) in all.enumerated() {
            guard case .open(let path, let fd) = entry, fd >= 0, path.hasPrefix(prefix) else { continue }
            // Closes of this fd after this open and before it is opened again.
            var closes = 0
            for later in all[(index + 1)...] {
                if case .open(_, let other) = later, other == fd { break }
                if case .close(fd) = later { closes += 1 }
            }
            counts.append(closes)
        }
        return counts
    }
}

/// The live seam, logged, with a switch to make a device look unplugged the way the kernel shows it
/// (POLLHUP|POLLERR, then ENODEV from the read), since umockdev cannot unplug an open node.
final class TestSeam: Sendable {
    let log = CallLog()
    /// Wakes a reader blocked in poll when the test unplugs its device.
    private let unplugPipe: (read: Int32, write: Int32)

    init() {
        var fds: [Int32] = [-1, -1]
        precondition(pipe(&fds) == 0)
        unplugPipe = (fds[0], fds[1])
    }

    deinit {
        close(unplugPipe.read)
        close(unplugPipe.write)
    }

    func unplug(fd: Int32) {
        log.unplug(fd)
        var byte: UInt8 = 1
        _ = write(unplugPipe.write, &byte, 1)
    }

    var calls: InputSystemCalls {
        let live = InputSystemCalls.live
        let log = self.log
        let wakeRead = unplugPipe.read
        var calls = live
        calls.open = { path, flags in
            let fd = live.open(path, flags)
            log.append(.open(path, fd: fd))
            return fd
        }
        calls.close = { fd in
            log.append(.close(fd))
            return live.close(fd)
        }
        calls.evdevNew = { fd, device in
            let rc = live.evdevNew(fd, device)
            if rc == 0, let created = device.pointee { log.remember(created, fd: fd) }
            return rc
        }
        calls.evdevGrab = { device, grab in
            log.append(.grab(log.fd(of: device)))
            return live.evdevGrab(device, grab)
        }
        calls.evdevNextEvent = { device, sync, event in
            if log.isUnplugged(log.fd(of: device)) { return -ENODEV }
            let rc = live.evdevNextEvent(device, sync, event)
            if rc >= 0, event.pointee.type == UInt16(EV_KEY) {
                log.append(.keyEvent(code: event.pointee.code, value: event.pointee.value))
            }
            return rc
        }
        calls.poll = { fds, timeout in
            if let hungUp = fds.firstIndex(where: { log.isUnplugged($0.fd) }) {
                fds[hungUp].revents = Int16(POLLHUP | POLLERR)
                return 1
            }
            var extended = Array(fds) + [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let rc = extended.withUnsafeMutableBufferPointer { live.poll($0, timeout) }
            for index in fds.indices { fds[index].revents = extended[index].revents }
            if let hungUp = fds.firstIndex(where: { log.isUnplugged($0.fd) }) {
                fds[hungUp].revents = Int16(POLLHUP | POLLERR)
                return 1
            }
            if rc > 0, extended.last!.revents != 0 {
                // Only the test's own wake-up fired: report nothing for the reader's fds.
                return Int32(fds.filter { $0.revents != 0 }.count)
            }
            return rc
        }
        return calls
    }
}

/// A backoff whose wait returns at once, recording each delay and running a hook (e.g. a replug).
final class InstantBackoff: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []
    private let hook: @Sendable (Int) async -> Void

    init(hook: @escaping @Sendable (_ waitNumber: Int) async -> Void = { _ in }) { self.hook = hook }

    var delays: [Duration] { lock.withLock { recorded } }

    var backoff: ReconnectBackoff {
        ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(10)) { [self] delay in
            let count = lock.withLock { () -> Int in
                recorded.append(delay)
                return recorded.count
            }
            await hook(count)
            try Task.checkCancellation()
        }
    }
}

extension AsyncStream<InputDeviceEvent>.Iterator {
    /// The next `count` events (fewer if the stream ends first).
    mutating func take(_ count: Int) async -> [InputDeviceEvent] {
        var events: [InputDeviceEvent] = []
        while events.count < count, let event = await next() { events.append(event) }
        return events
    }

    /// Events up to and including the first one that satisfies `stop`.
    mutating func take(until stop: (InputDeviceEvent) -> Bool) async -> [InputDeviceEvent] {
        var events: [InputDeviceEvent] = []
        while let event = await next() {
            events.append(event)
            if stop(event) { break }
        }
        return events
    }
}

extension [InputDeviceEvent] {
    var presses: [ButtonPress] { compactMap { if case .press(let press) = $0 { press } else { nil } } }
    var statuses: [InputDeviceStatus] { compactMap { if case .status(_, let status) = $0 { status } else { nil } } }
}
