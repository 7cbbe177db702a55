import Foundation
import Glibc

/// Where scans are kept: one directory per owner (mode 0700) under a root (0700), every file 0600,
/// every write, read, list and purge appended to `audit.jsonl`.
///
/// Layout: `root/audit.jsonl`, `root/owners/<owner as hex>/<scan>.pdf`, `<scan>-p001.png` …, and
/// `<scan>.json`, the manifest, written last: a scan without one is not listed and the next purge
/// removes its files. The owner is an opaque string; hex keeps any id a safe directory name.
///
/// ```swift
/// let archive = try ScanArchive(root: "/var/lib/servicehall/scans")
/// let draft = try archive.draft(owner: visitID, scan: scanID, device: scanner.device, createdAt: now)
/// do {
///     try await scanner.scan(settings) { page in try draft.add(page) }
///     let stored = try draft.commit(ArchiveAccess(who: "clerk:zhang", at: now))
/// } catch { draft.discard(); throw error }
/// ```
public final class ScanArchive: Sendable {
    /// 90 days, the default time a scan is kept.
    public static let defaultRetention: TimeInterval = 90 * 24 * 60 * 60

    public let root: String
    let audit: ScanAuditLog
    private let lock = LockedValue(Set<String>())  // "owner-dir/scan" of drafts being written

    /// Opens (creating if needed) an archive; tightens the root's mode to 0700 if it was wider.
    public init(root: String) throws {
        self.root = root
        self.audit = ScanAuditLog(path: root + "/audit.jsonl")
        try Self.makeDirectory(root)
        try Self.makeDirectory(ownersDirectory)
    }

    var ownersDirectory: String { root + "/owners" }

    func directory(of owner: String) -> String { ownersDirectory + "/" + Self.key(of: owner) }

    /// Starts a scan set for `owner`: pages go into a hidden PDF in the owner's directory until `commit`.
    /// - Parameters:
    ///   - scan: the set's id, letters, digits, `-` and `_` (1–64).
    ///   - createdAt: when the scan was made: the retention period counts from here.
    public func draft(owner: String, scan: String, device: String? = nil, title: String? = nil, createdAt: Date) throws -> Draft {
        try Self.validate(owner: owner, scan: scan)
        let directory = directory(of: owner)
        try Self.makeDirectory(directory)
        let marker = Self.key(of: owner) + "/" + scan
        let claimed = lock.withLock { drafts in drafts.insert(marker).inserted }
        guard claimed, !FileManager.default.fileExists(atPath: directory + "/" + scan + ".json") else {
            if claimed { lock.withLock { _ = $0.remove(marker) } }
            throw ArchiveError.scanExists(owner: owner, scan: scan)
        }
        do {
            let writer = try ScanDocumentWriter(destination: directory + "/" + scan + ".pdf", title: title, createdAt: createdAt)
            return Draft(archive: self, owner: owner, scan: scan, device: device, createdAt: createdAt, writer: writer, marker: marker)
        } catch {
            lock.withLock { _ = $0.remove(marker) }
            throw error
        }
    }

    /// The scans kept for `owner`, oldest first. Audited as `list`.
    public func scans(of owner: String, access: ArchiveAccess) throws -> [StoredScan] {
        try Self.validate(owner: owner, scan: nil)
        let scans = try manifests(in: directory(of: owner))
        try audit.append(
            ScanAuditEntry(
                at: access.at, who: access.who, action: .list, owner: owner, scan: nil, files: scans.map(\.pdfFile), note: access.note))
        return scans
    }

    /// The PDF of a scan. Audited as `read` before the bytes are handed out.
    public func pdf(of scan: String, owner: String, access: ArchiveAccess) throws -> Data {
        let stored = try manifest(owner: owner, scan: scan)
        return try read(stored.pdfFile, of: stored, access: access)
    }

    /// The PNG thumbnail of page `page` (from 1). Audited as `read`.
    public func thumbnail(of scan: String, page: Int, owner: String, access: ArchiveAccess) throws -> Data {
        let stored = try manifest(owner: owner, scan: scan)
        guard stored.thumbnailFiles.indices.contains(page - 1) else { throw ArchiveError.noSuchPage(scan: scan, page: page) }
        return try read(stored.thumbnailFiles[page - 1], of: stored, access: access)
    }

    /// The audit log, oldest first.
    public func auditEntries() throws -> [ScanAuditEntry] { try audit.entries() }

    /// The path of the audit log (mode 0600).
    public var auditLogPath: String { audit.path }

    private func read(_ file: String, of stored: StoredScan, access: ArchiveAccess) throws -> Data {
        let path = directory(of: stored.owner) + "/" + file
        try audit.append(
            ScanAuditEntry(
                at: access.at, who: access.who, action: .read, owner: stored.owner, scan: stored.id,
                files: [Self.key(of: stored.owner) + "/" + file], note: access.note))
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func manifest(owner: String, scan: String) throws -> StoredScan {
        try Self.validate(owner: owner, scan: scan)
        let path = directory(of: owner) + "/" + scan + ".json"
        guard let data = FileManager.default.contents(atPath: path) else { throw ArchiveError.noSuchScan(owner: owner, scan: scan) }
        return try Self.decoder.decode(StoredScan.self, from: data)
    }

    func manifests(in directory: String) throws -> [StoredScan] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !AtomicFile.isTemporaryName($0) }.map { name in
            try Self.decoder.decode(StoredScan.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    func isDrafting(_ marker: String) -> Bool { lock.withLock { $0.contains(marker) } }
    func endDraft(_ marker: String) { lock.withLock { _ = $0.remove(marker) } }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The owner's directory name: its UTF-8 bytes in hex.
    static func key(of owner: String) -> String {
        owner.utf8.map { String(format: "%02x", $0) }.joined()
    }

    static func owner(fromKey key: String) -> String? {
        guard key.count % 2 == 0, !key.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var index = key.startIndex
        while index < key.endIndex {
            let next = key.index(index, offsetBy: 2)
            guard let byte = UInt8(key[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    static func validate(owner: String, scan: String?) throws {
        guard !owner.isEmpty, owner.utf8.count <= 100 else { throw ArchiveError.invalidOwner(owner) }
        if let scan {
            let allowed = scan.utf8.allSatisfy { byte in
                (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45 || byte == 95
            }
            guard allowed, (1...64).contains(scan.utf8.count) else { throw ArchiveError.invalidScanID(scan) }
        }
    }

    /// Creates a directory with mode 0700, or tightens an existing one to it.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw FileError(errno: errno, path: path, operation: "mkdir")
        }
        guard chmod(path, 0o700) == 0 else { throw FileError(errno: errno, path: path, operation: "chmod") }
    }
}

/// Archive faults that are the caller's to handle.
public enum ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidOwner(String)
    case invalidScanID(String)
    case scanExists(owner: String, scan: String)
    case noSuchScan(owner: String, scan: String)
    case noSuchPage(scan: String, page: Int)

    public var description: String {
        switch self {
        case .invalidOwner(let owner): "invalid owner id \"\(owner)\" (1–100 bytes)"
        case .invalidScanID(let scan): "invalid scan id \"\(scan)\" (letters, digits, - and _, 1–64)"
        case .scanExists(let owner, let scan): "scan \(scan) of \(owner) already exists"
        case .noSuchScan(let owner, let scan): "no scan \(scan) for \(owner)"
        case .noSuchPage(let scan, let page): "scan \(scan) has no page \(page)"
        }
    }
}
