import Glibc
import HallPOSIX

/// A self-pipe that wakes a reader thread blocked in `poll`: on cancellation, or when there is
/// something to send. Both ends are closed exactly once, in `deinit`.
final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32
    private let calls: InputSystemCalls

    init(calls: InputSystemCalls) throws(InputSystemError) {
        var fds: [Int32] = [-1, -1]
        let rc = calls.pipe(&fds)
        guard rc >= 0 else { throw InputSystemError(negated: rc) }
        self.readEnd = fds[0]
        self.writeEnd = fds[1]
        self.calls = calls
    }

    /// Makes the read end readable; never blocks (a full pipe is already readable).
    func signal() {
        var byte: UInt8 = 1
        _ = withUnsafeBytes(of: &byte) { bytes in retryingEINTR(.negatedErrno) { calls.write(writeEnd, bytes) } }
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ bytes in retryingEINTR(.negatedErrno) { calls.read(readEnd, bytes) } }) > 0 {}
    }

    deinit {
        _ = calls.close(readEnd)
        _ = calls.close(writeEnd)
    }
}
