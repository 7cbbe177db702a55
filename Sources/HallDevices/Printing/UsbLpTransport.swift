import Foundation
import Glibc
import HallPOSIX
import SystemPackage

/// The kernel's usblp device file (`/dev/usb/lp0` or a udev symlink such as `/dev/hall/lp-rongta-rp`).
/// Paper status comes from `LPGETSTATUS`; real-time status (`DLE EOT`) where the profile allows it.
public struct UsbLpTransport: PrinterTransport {
    public var path: String
    public var realtimeStatus: Bool
    public var statusTimeoutMilliseconds: Int

    /// `LPGETSTATUS` from <linux/lp.h>.
    static let lpGetStatus: UInt = 0x060B

    public init(path: String, realtimeStatus: Bool = false, statusTimeoutMilliseconds: Int = 150) {
        self.path = path
        self.realtimeStatus = realtimeStatus
        self.statusTimeoutMilliseconds = statusTimeoutMilliseconds
    }

    public var name: String { "usblp:\(path)" }

    /// Blocks while the printer does not take the bytes (run it on the printer's own thread).
    public func send(_ job: PrintJob) throws {
        let file = try open()
        defer { try? file.close() }
        let before = portStatus(file.rawValue)
        if let before, !before.canPrint { throw TransportError(before, "\(name): printer reports \(before.rawValue)") }
        var sent = 0
        try job.bytes.withUnsafeBytes { raw in
            while sent < raw.count {
                do {
                    let n = try file.write(UnsafeRawBufferPointer(rebasing: raw[sent...]), retryOnInterrupt: true)
                    guard n > 0 else { throw Errno.ioError }
                    sent += n
                } catch {
                    let e = error as? Errno ?? .ioError
                    let status: DeviceStatus =
                        [.operationNotSupportedByDevice, .noSuchFileOrDirectory].contains(e)
                        ? .unplugged : (portStatus(file.rawValue) ?? .offline)
                    throw TransportError(status, "\(name): write failed after \(sent) of \(raw.count) bytes: \(e)")
                }
            }
        }
    }

    public func status() -> DeviceStatus {
        guard let file = try? open(nonBlocking: true) else { return .unplugged }
        defer { try? file.close() }
        guard let port = portStatus(file.rawValue) else { return .unknown }
        guard realtimeStatus, port != .paperOut else { return port }
        var channel = FileStatusChannel(fd: file.rawValue)
        let rt = (try? channel.queryRealtimeStatus(timeoutMilliseconds: statusTimeoutMilliseconds)) ?? .unknown
        return rt == .unknown ? port : rt
    }

    func open(nonBlocking: Bool = false) throws -> FileDescriptor {
        // Never write a ticket into a regular file, a directory or a FIFO (whose open would block
        // until a reader came): only a character device is a printer.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFCHR {
            throw TransportError(.offline, "\(name): not a character device, refusing to open it")
        }
        do {
            return try FileDescriptor.open(
                FilePath(path), .readWrite, options: nonBlocking ? [.closeOnExec, .nonBlocking] : [.closeOnExec],
                retryOnInterrupt: true)
        } catch {
            let e = error as? Errno ?? .ioError
            let gone: [Errno] = [.noSuchFileOrDirectory, .operationNotSupportedByDevice, .noSuchAddressOrDevice]
            throw TransportError(gone.contains(e) ? .unplugged : .offline, "\(name): \(e)")
        }
    }

    func portStatus(_ fd: Int32) -> DeviceStatus? {
        var status: Int32 = 0
        let r = retryingEINTR { ioctl(fd, Self.lpGetStatus, &status) }
        if r != 0 { return errno == ENODEV ? .unplugged : nil }
        return RealtimeStatus.interpretPortStatus(status)
    }
}

/// Reads a non-blocking file descriptor that has no poll support worth trusting (usblp, usbfs mocks):
/// retries `EAGAIN` until the deadline, 1 ms apart.
struct FileStatusChannel: StatusChannel {
    let fd: Int32

    mutating func write(_ bytes: [UInt8]) throws {
        let n = bytes.withUnsafeBytes { raw in retryingEINTR { Glibc.write(fd, raw.baseAddress, raw.count) } }
        if n != bytes.count { throw TransportError(.offline, "status write: \(errnoText(errno))") }
    }

    mutating func readByte(timeoutMilliseconds: Int) throws -> UInt8? {
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        var b: UInt8 = 0
        while true {
            let n = retryingEINTR { Glibc.read(fd, &b, 1) }
            if n == 1 { return b }
            if n < 0 && errno != EAGAIN && errno != EWOULDBLOCK {
                throw TransportError(errno == ENODEV ? .unplugged : .offline, "status read: \(errnoText(errno))")
            }
            if monotonicMilliseconds() >= deadline { return nil }
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
    }
}
