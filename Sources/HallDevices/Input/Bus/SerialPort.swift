import CEvdev
import Glibc
import HallPOSIX

/// An open serial port set to raw 9600 8N1. Owning, not copyable: closed exactly once.
struct SerialPort: ~Copyable {
    let fd: Int32
    private let calls: InputSystemCalls

    init(path: String, calls: InputSystemCalls) throws(InputSystemError) {
        let fd = retryingEINTR(.negatedErrno) { calls.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { throw InputSystemError(negated: fd) }
        var attributes = termios()
        var rc = calls.tcgetattr(fd, &attributes)
        if rc >= 0 {
            Self.configureRaw9600_8N1(&attributes)
            rc = retryingEINTR(.negatedErrno) { calls.tcsetattr(fd, &attributes) }
        }
        if rc >= 0 { rc = calls.tcflush(fd) }
        guard rc >= 0 else {
            _ = calls.close(fd)
            throw InputSystemError(negated: rc)
        }
        self.fd = fd
        self.calls = calls
    }

    /// Raw mode (what `cfmakeraw` does), 9600 baud, 8 data bits, no parity, 1 stop bit, no flow control,
    /// reads that never wait (the reader polls).
    static func configureRaw9600_8N1(_ t: inout termios) {
        t.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY)
        t.c_oflag &= ~tcflag_t(OPOST)
        t.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
        t.c_cflag &= ~tcflag_t(CSIZE | PARENB | CSTOPB | CBAUD) & ~tcflag_t(0o20000000000)  // CRTSCTS
        t.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD | B9600)
        t.c_ispeed = speed_t(B9600)
        t.c_ospeed = speed_t(B9600)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
    }

    /// Reads what is there: the byte count, 0 at end of file, or `-errno` (`-EAGAIN` when nothing waits).
    func read(into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { raw in retryingEINTR(.negatedErrno) { calls.read(fd, raw) } }
    }

    /// Writes all of `bytes`, waiting (bounded) for room when the port is busy.
    func writeAll(_ bytes: [UInt8]) throws(InputSystemError) {
        var offset = 0
        var stalls = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                retryingEINTR(.negatedErrno) { calls.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...])) }
            }
            if written > 0 {
                offset += written
                stalls = 0
            } else if written == -Int(EAGAIN), stalls < 50 {
                stalls += 1
                var pfd = [pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)]
                _ = pfd.withUnsafeMutableBufferPointer { buffer in retryingEINTR(.negatedErrno) { calls.poll(buffer, 20) } }
            } else {
                throw InputSystemError(negated: written < 0 ? written : -Int(EIO))
            }
        }
    }

    deinit { _ = calls.close(fd) }
}
