import Foundation
import Testing

@testable import HallDevices

@Suite("Scan archive: modes, owners, retention, audit")
struct ScanArchiveTests {
    let day: TimeInterval = 86_400
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @discardableResult
    func store(_ archive: ScanArchive, owner: String, scan: String, at date: Date, pages: Int = 2, who: String = "clerk:li") throws
        -> StoredScan
    {
        let draft = try archive.draft(owner: owner, scan: scan, device: "test:0", createdAt: date)
        for _ in 0..<pages { try draft.add(syntheticPage()) }
        return try draft.commit(ArchiveAccess(who: who, at: date, note: "window 3"))
    }

    @Test("Directories are 0700, every file 0600, the PDF has the pages")
    func modes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path + "/scans"
        let archive = try ScanArchive(root: root)
        let stored = try store(archive, owner: "visit-A017", scan: "s1", at: now, pages: 3)
        let ownerDirectory = archive.directory(of: "visit-A017")
        #expect(mode(of: root) == 0o700)
        #expect(mode(of: root + "/owners") == 0o700)
        #expect(mode(of: ownerDirectory) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: ownerDirectory).sorted()
        #expect(files == ["s1-p001.png", "s1-p002.png", "s1-p003.png", "s1.json", "s1.pdf"])
        for file in files { #expect(mode(of: ownerDirectory + "/" + file) == 0o600, "\(file)") }
        #expect(mode(of: archive.auditLogPath) == 0o600)
        #expect(try pdfPages(ownerDirectory + "/s1.pdf").count == 3)
        #expect(stored.pages.allSatisfy { $0.width == 120 && $0.height == 160 && $0.xResolution == 100 })

        // An existing root that was too open is tightened.
        chmod(root, 0o755)
        _ = try ScanArchive(root: root)
        #expect(mode(of: root) == 0o700)
    }

    @Test("Scans are listed per owner; an owner id cannot reach outside the archive")
    func owners() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try ScanArchive(root: directory.path + "/scans")
        let reader = ArchiveAccess(who: "admin:wang", at: now)
        try store(archive, owner: "visit-1", scan: "a", at: now)
        try store(archive, owner: "visit-1", scan: "b", at: now + 60)
        try store(archive, owner: "../../etc", scan: "c", at: now)
        #expect(try archive.scans(of: "visit-1", access: reader).map(\.id) == ["a", "b"])
        #expect(try archive.scans(of: "../../etc", access: reader).map(\.id) == ["c"])
        #expect(try archive.scans(of: "visit-2", access: reader).isEmpty)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/scans/owners/2e2e2f2e2e2f657463/c.pdf"))
        #expect(ScanArchive.owner(fromKey: ScanArchive.key(of: "窗口3/访客")) == "窗口3/访客")
        #expect(throws: ArchiveError.invalidScanID("../x")) { try archive.draft(owner: "visit-1", scan: "../x", createdAt: now) }
        #expect(throws: ArchiveError.scanExists(owner: "visit-1", scan: "a")) {
            try archive.draft(owner: "visit-1", scan: "a", createdAt: now)
        }
        let pdf = try archive.pdf(of: "a", owner: "visit-1", access: reader)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let thumbnail = try archive.thumbnail(of: "a", page: 2, owner: "visit-1", access: reader)
        #expect(thumbnail.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(throws: ArchiveError.noSuchPage(scan: "a", page: 3)) {
            try archive.thumbnail(of: "a", page: 3, owner: "visit-1", access: reader)
        }
    }

    @Test("Every write, read, list and purge is in the audit log with who, what and when")
    func audit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try ScanArchive(root: directory.path + "/scans")
        try store(archive, owner: "visit-9", scan: "x", at: now, who: "clerk:zhao")
        _ = try archive.scans(of: "visit-9", access: ArchiveAccess(who: "clerk:zhao", at: now + 1))
        _ = try archive.pdf(of: "x", owner: "visit-9", access: ArchiveAccess(who: "admin:qian", at: now + 2, note: "complaint 12"))
        try archive.purge(now: now + 3, access: ArchiveAccess(who: "system:retention", at: now + 3))
        let entries = try archive.auditEntries()
        #expect(entries.map(\.action) == [.write, .list, .read, .purge])
        #expect(entries.map(\.who) == ["clerk:zhao", "clerk:zhao", "admin:qian", "system:retention"])
        #expect(entries.map(\.at) == [now, now + 1, now + 2, now + 3])
        let key = ScanArchive.key(of: "visit-9")
        #expect(entries[0].files == [key + "/x-p001.png", key + "/x-p002.png", key + "/x.pdf", key + "/x.json"])
        #expect(entries[2].files == [key + "/x.pdf"] && entries[2].note == "complaint 12" && entries[2].scan == "x")
        #expect(entries[3].files.isEmpty)
        // One JSON object per line.
        let lines = try String(contentsOfFile: archive.auditLogPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 && lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
    }

    @Test("Purge deletes scans older than the retention period, and leftovers of interrupted writes")
    func purge() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try ScanArchive(root: directory.path + "/scans")
        let system = ArchiveAccess(who: "system:retention", at: now)
        try store(archive, owner: "old", scan: "s100", at: now - 100 * day)
        try store(archive, owner: "mixed", scan: "s90", at: now - 90 * day)
        try store(archive, owner: "mixed", scan: "s89", at: now - 89 * day)
        try store(archive, owner: "mixed", scan: "s1", at: now - day)
        // A crash between renames: a PDF without a manifest, and a temporary file.
        let mixed = archive.directory(of: "mixed")
        try AtomicFile.write([1, 2, 3], to: mixed + "/lost.pdf")
        _ = FileManager.default.createFile(atPath: mixed + "/.lost2.pdf.tmp-abc", contents: Data([1]))
        // A draft being written right now is left alone.
        let draft = try archive.draft(owner: "mixed", scan: "live", createdAt: now)
        try draft.add(syntheticPage())

        let removed = try archive.purge(now: now, access: system)
        #expect(removed.map(\.id).sorted() == ["s100", "s90"])
        let reader = ArchiveAccess(who: "admin:wang", at: now)
        #expect(try archive.scans(of: "mixed", access: reader).map(\.id) == ["s89", "s1"])
        #expect(try archive.scans(of: "old", access: reader).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: archive.directory(of: "old")))
        let left = try FileManager.default.contentsOfDirectory(atPath: mixed)
        #expect(!left.contains("lost.pdf") && !left.contains(".lost2.pdf.tmp-abc") && !left.contains { $0.hasPrefix("s90") })
        #expect(left.contains { $0.hasPrefix(".live.pdf.tmp-") })
        let purge = try #require(try archive.auditEntries().last { $0.action == .purge })
        #expect(purge.who == "system:retention" && purge.files.contains(ScanArchive.key(of: "old") + "/s100.pdf"))
        _ = try draft.commit(ArchiveAccess(who: "clerk:li", at: now))

        // A shorter retention from the hall file.
        let later = try archive.purge(now: now + 2 * day, retention: 2 * day, access: system)
        #expect(later.map(\.id).sorted() == ["live", "s1", "s89"])
        #expect(try archive.scans(of: "mixed", access: reader).isEmpty)
    }

    @Test("A disk that fills up half-way through the PDF leaves no file behind")
    func failedWriteLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let budget = LockedValue(20_000)
        let writer = try ScanDocumentWriter(
            destination: directory.path + "/a.pdf", title: nil, createdAt: nil, thumbnailSide: 64, mode: 0o600,
            write: { fd, bytes in
                let allowed = budget.withLock { left -> Int in
                    let take = min(left, bytes.count)
                    left -= take
                    return take
                }
                guard allowed > 0 else {
                    errno = ENOSPC
                    return -1
                }
                return AtomicFile.systemWrite(fd, UnsafeRawBufferPointer(rebasing: bytes[0..<allowed]))
            })
        #expect(directory.contents.count == 1, "the hidden temporary file exists while writing")
        var failure: (any Error)?
        do {
            for _ in 0..<6 { try writer.add(syntheticPage(width: 300, height: 300)) }
            _ = try writer.finish()
        } catch {
            failure = error
        }
        #expect((failure as? FileError)?.errno == ENOSPC, "got \(String(describing: failure))")
        writer.discard()
        #expect(directory.contents.isEmpty)
    }

    @Test("A scan that fails mid-set puts nothing into the archive and logs no write")
    func failedScanLeavesArchiveEmpty() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try ScanArchive(root: directory.path + "/scans")
        let draft = try archive.draft(owner: "visit-5", scan: "s", createdAt: now)
        try draft.add(syntheticPage())
        draft.discard()
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: archive.directory(of: "visit-5"))) ?? []).isEmpty)
        #expect(try archive.auditEntries().isEmpty)
        // The id is free again.
        _ = try store(archive, owner: "visit-5", scan: "s", at: now)
    }
}
