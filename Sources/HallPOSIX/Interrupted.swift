import Glibc
import SystemPackage

/// How a C function says it failed.
public enum FailureConvention: Sendable {
    /// POSIX: `-1`, with the reason in `errno` (`read`, `write`, `poll`, `connect` …).
    case minusOneAndErrno
    /// Kernel style: `-errno` as the result (libevdev, and the seams of the input layer).
    case negatedErrno
}

/// Runs a system call again while it fails with `EINTR` (a signal arrived while it waited), and
/// returns the first other result: the house's one place that retries `EINTR`.
///
/// ```swift
/// let n = retryingEINTR { Glibc.write(fd, buffer, count) }                   // -1 and errno
/// let rc = retryingEINTR(.negatedErrno) { libevdev_next_event(dev, flags, &event) }  // -errno
/// ```
///
/// Calls of swift-system's `FileDescriptor` take `retryOnInterrupt: true` instead.
@inline(__always)
public func retryingEINTR<T: BinaryInteger>(_ convention: FailureConvention = .minusOneAndErrno, _ body: () -> T) -> T {
    while true {
        let result = body()
        switch convention {
        case .minusOneAndErrno where result == -1 && errno == Errno.interrupted.rawValue: continue
        case .negatedErrno where result == T(-Errno.interrupted.rawValue): continue
        default: return result
        }
    }
}

extension Errno {
    /// The `errno` the last failed system call of this thread left.
    public static var last: Errno { Errno(rawValue: errno) }
}
