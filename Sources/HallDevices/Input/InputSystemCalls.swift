import CEvdev
import Glibc

/// The one seam through which every C call of the input layer goes.
///
/// Each entry returns kernel style: a non-negative result, or `-errno` (libevdev's own convention),
/// so the readers handle one shape. Tests copy `.live`, wrap an entry or two to watch the order of
/// calls or to inject the `ENODEV` of an unplug, and pass the copy to an internal initializer.
struct InputSystemCalls: Sendable {
    var open: @Sendable (_ path: String, _ flags: Int32) -> Int32
    var close: @Sendable (_ fd: Int32) -> Int32
    var read: @Sendable (_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int
    var write: @Sendable (_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    var poll: @Sendable (_ fds: UnsafeMutableBufferPointer<pollfd>, _ timeoutMilliseconds: Int32) -> Int32
    var pipe: @Sendable (_ fds: UnsafeMutablePointer<Int32>) -> Int32
    var listDirectory: @Sendable (_ path: String) -> [String]
    var tcgetattr: @Sendable (_ fd: Int32, _ attributes: UnsafeMutablePointer<termios>) -> Int32
    var tcsetattr: @Sendable (_ fd: Int32, _ attributes: UnsafePointer<termios>) -> Int32
    var tcflush: @Sendable (_ fd: Int32) -> Int32

    var evdevNew: @Sendable (_ fd: Int32, _ device: UnsafeMutablePointer<OpaquePointer?>) -> Int32
    var evdevFree: @Sendable (_ device: OpaquePointer) -> Void
    var evdevGrab: @Sendable (_ device: OpaquePointer, _ grab: Bool) -> Int32
    var evdevNextEvent: @Sendable (_ device: OpaquePointer, _ sync: Bool, _ event: UnsafeMutablePointer<input_event>) -> Int32
    var evdevHasKey: @Sendable (_ device: OpaquePointer, _ code: UInt16) -> Bool
    var evdevKeyIsDown: @Sendable (_ device: OpaquePointer, _ code: UInt16) -> Bool
    var evdevIdentity: @Sendable (_ device: OpaquePointer) -> EvdevIdentity
    var evdevKeyCode: @Sendable (_ name: String) -> UInt16?
    var evdevKeyName: @Sendable (_ code: UInt16) -> String?
}

/// Returns `-errno` for a failed POSIX call, else its result.
@inline(__always)
private func kernelStyle<T: BinaryInteger>(_ result: T) -> T { result < 0 ? T(-errno) : result }

extension InputSystemCalls {
    /// The real thing: Glibc and libevdev.
    static let live = InputSystemCalls(
        open: { path, flags in kernelStyle(Glibc.open(path, flags)) },
        close: { fd in kernelStyle(Glibc.close(fd)) },
        read: { fd, buffer in kernelStyle(Glibc.read(fd, buffer.baseAddress, buffer.count)) },
        write: { fd, bytes in kernelStyle(Glibc.write(fd, bytes.baseAddress, bytes.count)) },
        poll: { fds, timeout in kernelStyle(Glibc.poll(fds.baseAddress, nfds_t(fds.count), timeout)) },
        pipe: { fds in kernelStyle(servicehall_pipe_nonblocking(fds)) },
        listDirectory: { path in
            guard let directory = opendir(path) else { return [] }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            return names.sorted()
        },
        tcgetattr: { fd, attributes in kernelStyle(Glibc.tcgetattr(fd, attributes)) },
        tcsetattr: { fd, attributes in kernelStyle(Glibc.tcsetattr(fd, TCSANOW, attributes)) },
        tcflush: { fd in kernelStyle(Glibc.tcflush(fd, TCIOFLUSH)) },
        evdevNew: { fd, device in libevdev_new_from_fd(fd, device) },
        evdevFree: { device in libevdev_free(device) },
        evdevGrab: { device, grab in libevdev_grab(device, grab ? LIBEVDEV_GRAB : LIBEVDEV_UNGRAB) },
        evdevNextEvent: { device, sync, event in
            let flags = sync ? servicehall_evdev_read_flag_sync() : servicehall_evdev_read_flag_normal()
            return libevdev_next_event(device, UInt32(flags), event)
        },
        evdevHasKey: { device, code in libevdev_has_event_code(device, UInt32(EV_KEY), UInt32(code)) != 0 },
        evdevKeyIsDown: { device, code in libevdev_get_event_value(device, UInt32(EV_KEY), UInt32(code)) != 0 },
        evdevIdentity: { device in
            EvdevIdentity(
                name: libevdev_get_name(device).map { String(cString: $0) } ?? "",
                physicalPath: libevdev_get_phys(device).map { String(cString: $0) },
                busType: UInt16(truncatingIfNeeded: libevdev_get_id_bustype(device)),
                vendorID: UInt16(truncatingIfNeeded: libevdev_get_id_vendor(device)),
                productID: UInt16(truncatingIfNeeded: libevdev_get_id_product(device))
            )
        },
        evdevKeyCode: { name in
            let code = libevdev_event_code_from_name(UInt32(EV_KEY), name)
            return code < 0 ? nil : UInt16(code)
        },
        evdevKeyName: { code in
            libevdev_event_code_get_name(UInt32(EV_KEY), UInt32(code)).map { String(cString: $0) }
        }
    )
}
