import Foundation
import Glibc
import HallPOSIX

/// A file written under a temporary name beside its destination and renamed into place only when
/// complete, so a reader never sees half a file and a failure leaves nothing behind.
///
/// Created `O_EXCL` with the given mode (0600 by default; `fchmod` too, so no umask widens it).
/// `commit()` fsyncs, renames, and fsyncs the directory. Anything not committed is unlinked.
final class AtomicFile {
    let destination: String
    let temporaryPath: String
    private var fd: Int32
    private var isFinished = false
    private let writeBytes: @Sendable (Int32, UnsafeRawBufferPointer) -> Int

    /// The write call, replaceable by tests (a disk that fills up half-way).
    static let systemWrite: @Sendable (Int32, UnsafeRawBufferPointer) -> Int = { fd, bytes in
        Glibc.write(fd, bytes.baseAddress, bytes.count)
    }

    init(
        destination: String, mode: mode_t = 0o600,
        write: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int = AtomicFile.systemWrite
    ) throws {
        let (directory, name) = Self.split(destination)
        var opened: Int32 = -1
        var path = ""
        func temporaryName() -> String { directory + "/." + name + ".tmp-" + String(UInt32.random(in: 0...UInt32.max), radix: 36) }
        for _ in 0..<16 where opened < 0 {
            path = temporaryName()
            opened = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if opened >= 0 || errno != EEXIST { break }
        }
        guard opened >= 0 else { throw FileError(errno: errno, path: path, operation: "create") }
        self.destination = destination
        self.temporaryPath = path
        self.fd = opened
        self.writeBytes = write
        if fchmod(opened, mode) != 0 {
            let error = FileError(errno: errno, path: path, operation: "chmod")
            discard()
            throw error
        }
    }

    deinit { discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = retryingEINTR { writeBytes(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
            if written < 0 {
                throw FileError(errno: errno, path: temporaryPath, operation: "write")
            }
            if written == 0 { throw FileError(errno: EIO, path: temporaryPath, operation: "write") }
            offset += written
        }
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Makes the file durable and puts it in place. Not `durable`: puts it in place whole without
    /// waiting for the disk (a crash may lose it, never leave half of it).
    func commit(durable: Bool = true) throws {
        guard !isFinished else { return }
        guard !durable || fsync(fd) == 0 else { throw FileError(errno: errno, path: temporaryPath, operation: "fsync") }
        guard Glibc.close(fd) == 0 else {
            fd = -1
            throw FileError(errno: errno, path: temporaryPath, operation: "close")
        }
        fd = -1
        guard rename(temporaryPath, destination) == 0 else {
            throw FileError(errno: errno, path: destination, operation: "rename")
        }
        isFinished = true
        if durable { Self.syncDirectory(of: destination) }
    }

    /// Drops the temporary file. Safe after `commit()` (does nothing then).
    func discard() {
        guard !isFinished else { return }
        isFinished = true
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        unlink(temporaryPath)
    }

    /// Writes `bytes` to `path` atomically.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, durable: Bool = true) throws {
        let file = try AtomicFile(destination: path, mode: mode)
        try file.write(bytes)
        try file.commit(durable: durable)
    }

    static func syncDirectory(of path: String) {
        let fd = Glibc.open(split(path).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            Glibc.close(fd)
        }
    }

    /// A path's folder and file name, split at the last slash (a `URL` would `stat` the path to
    /// learn whether it is a folder: a system call per file on the printer's line).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// True for the names `AtomicFile` gives its temporary files.
    static func isTemporaryName(_ name: String) -> Bool { name.hasPrefix(".") && name.contains(".tmp-") }
}

/// A failed file operation, with `strerror` text.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var errno: Int32
    public var path: String
    public var operation: String

    public init(errno: Int32, path: String, operation: String) {
        self.errno = errno
        self.path = path
        self.operation = operation
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))" }
}
