import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a data folder (`hall.lock`), held by `hall serve` for as long as it runs, so
/// that `hall restore` can tell the hall is running and refuse, and a second hall cannot open the
/// same database. The kernel drops the lock when the process ends, whatever way it ends.
///
/// ```swift
/// guard let lock = try DataDirectoryLock.acquire(in: "/var/lib/servicehall") else { … another hall runs … }
/// defer { lock.release() }
/// ```
public final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data folder.
    public static let fileName = "hall.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock, or returns nil when another process holds it. Throws when the file cannot
    /// be opened (e.g. no permission on the folder).
    public static func acquire(in directory: String) throws -> DataDirectoryLock? {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = (directory as NSString).appendingPathComponent(fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            if failure == EINTR { continue }
            close(fd)
            if failure == EWOULDBLOCK { return nil }
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
        return DataDirectoryLock(descriptor: fd)
    }

    /// Whether a running hall holds the lock on `directory`.
    public static func isHeld(in directory: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(fileName)) else { return false }
        guard let lock = try acquire(in: directory) else { return true }
        lock.release()
        return false
    }

    /// Gives the lock back (closing the file is what releases it). Call it once.
    public func release() { close(descriptor) }
}
