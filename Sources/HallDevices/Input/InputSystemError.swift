import Glibc
import SystemPackage

/// An `errno` value from a system call or a negative libevdev status, with a readable name.
public struct InputSystemError: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// From a kernel-style return value (`-errno`).
    init(negated: some BinaryInteger) { self.rawValue = -Int32(truncatingIfNeeded: negated) }

    public static let notFound = InputSystemError(rawValue: ENOENT)
    public static let noDevice = InputSystemError(rawValue: ENODEV)
    public static let noSuchDeviceOrAddress = InputSystemError(rawValue: ENXIO)
    public static let accessDenied = InputSystemError(rawValue: EACCES)
    public static let busy = InputSystemError(rawValue: EBUSY)
    public static let io = InputSystemError(rawValue: EIO)
    public static let interrupted = InputSystemError(rawValue: EINTR)
    public static let wouldBlock = InputSystemError(rawValue: EAGAIN)

    /// The errors that mean "the device is not there (any more)".
    public var meansUnplugged: Bool {
        [Self.notFound, .noDevice, .noSuchDeviceOrAddress, .io].contains(self)
    }

    public var description: String { "\(Errno(rawValue: rawValue)) (errno \(rawValue))" }
}
