import Foundation
import Glibc

/// Who touched the archive and when, as the caller knows it (this layer reads no clock).
///
/// ```swift
/// ArchiveAccess(who: "clerk:zhang.wei", at: now, note: "window 3, visit A017")
/// ```
public struct ArchiveAccess: Hashable, Sendable {
    /// The person or process: "clerk:…", "admin:…", "system:retention".
    public var who: String
    public var at: Date
    /// Free text for the log: the window, the reason.
    public var note: String?

    public init(who: String, at: Date, note: String? = nil) {
        self.who = who
        self.at = at
        self.note = note
    }
}

/// One line of the audit log.
public struct ScanAuditEntry: Hashable, Sendable, Codable {
    public enum Action: String, Hashable, Sendable, Codable {
        case write, read, list, purge
    }

    public var at: Date
    public var who: String
    public var action: Action
    public var owner: String?
    public var scan: String?
    /// The file concerned (relative to the archive root), or the files a purge removed.
    public var files: [String]
    public var note: String?
}

/// An append-only JSON-lines file, mode 0600, fsynced after every line.
struct ScanAuditLog {
    let path: String

    func append(_ entry: ScanAuditEntry) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = Array(try encoder.encode(entry))
        line.append(UInt8(ascii: "\n"))
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(errno: errno, path: path, operation: "open") }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw FileError(errno: errno, path: path, operation: "chmod") }
        // One write call per line: O_APPEND keeps lines whole even with two writers.
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw FileError(errno: written < 0 ? errno : EIO, path: path, operation: "append") }
        guard fsync(fd) == 0 else { throw FileError(errno: errno, path: path, operation: "fsync") }
    }

    /// Every entry, oldest first.
    func entries() throws -> [ScanAuditEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try decoder.decode(ScanAuditEntry.self, from: Data($0.utf8)) }
    }
}
