import CEvdev
import Glibc
import HallPOSIX

/// An open evdev node and its libevdev context. Owning, not copyable: closed exactly once, when it
/// goes out of scope (closing also releases an exclusive grab).
struct EvdevHandle: ~Copyable {
    let fd: Int32
    let device: OpaquePointer
    private let calls: InputSystemCalls

    /// Opens `path` non-blocking and reads the device's capabilities and key state through libevdev.
    init(path: String, calls: InputSystemCalls) throws(InputSystemError) {
        let fd = retryingEINTR(.negatedErrno) { calls.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { throw InputSystemError(negated: fd) }
        var device: OpaquePointer?
        let rc = calls.evdevNew(fd, &device)
        guard rc >= 0, let device else {
            _ = calls.close(fd)
            throw InputSystemError(negated: rc < 0 ? rc : -EINVAL)
        }
        self.fd = fd
        self.device = device
        self.calls = calls
    }

    var identity: EvdevIdentity { calls.evdevIdentity(device) }

    /// The keys libevdev believes are down right now (from the device's state, then from events).
    var keysDown: [UInt16] {
        (0...UInt16(KEY_MAX)).filter { calls.evdevHasKey(device, $0) && calls.evdevKeyIsDown(device, $0) }
    }

    func grab() throws(InputSystemError) {
        let rc = calls.evdevGrab(device, true)
        if rc < 0 { throw InputSystemError(negated: rc) }
    }

    /// The next event, or `nil` when none is queued (`EAGAIN`). After a `SYN_DROPPED` the events that
    /// resynchronise the state are drained and discarded: a press lost in an overflow stays lost.
    func nextEvent() throws(InputSystemError) -> input_event? {
        var event = input_event()
        let rc = retryingEINTR(.negatedErrno) { calls.evdevNextEvent(device, false, &event) }
        switch rc {
        case Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue):
            return event
        case Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue):
            var syncEvent = input_event()
            while retryingEINTR(.negatedErrno, { calls.evdevNextEvent(device, true, &syncEvent) })
                == Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue)
            {}
            return try nextEvent()
        case -EAGAIN:
            return nil
        default:
            throw InputSystemError(negated: rc)
        }
    }

    deinit {
        calls.evdevFree(device)
        _ = calls.close(fd)
    }
}
