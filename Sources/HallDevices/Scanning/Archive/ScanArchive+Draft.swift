import Foundation

extension ScanArchive {
    /// A scan set being written into the archive: whole on `commit`, gone on `discard` or on any failure.
    public final class Draft: @unchecked Sendable {
        public let owner: String
        public let scan: String
        public let createdAt: Date
        let device: String?
        private let archive: ScanArchive
        private let writer: ScanDocumentWriter
        private let marker: String

        init(
            archive: ScanArchive, owner: String, scan: String, device: String?, createdAt: Date, writer: ScanDocumentWriter, marker: String
        ) {
            self.archive = archive
            self.owner = owner
            self.scan = scan
            self.device = device
            self.createdAt = createdAt
            self.writer = writer
            self.marker = marker
        }

        deinit { discard() }

        /// Adds a page (safe to call from the scan's thread).
        public func add(_ page: ScannedPage) throws { try writer.add(page) }

        public var pageCount: Int { writer.pageCount }

        /// Puts the PDF, the thumbnails and last the manifest in place, then logs the write.
        /// If any step fails, whatever was already placed is removed again.
        public func commit(_ access: ArchiveAccess) throws -> StoredScan {
            defer { archive.endDraft(marker) }
            let directory = archive.directory(of: owner)
            var placed: [String] = []
            do {
                let document = try writer.finish()
                placed.append(document.path)
                var thumbnailFiles: [String] = []
                for (index, thumbnail) in document.thumbnails.enumerated() {
                    let name = scan + "-p" + String(format: "%03d", index + 1) + ".png"
                    try AtomicFile.write(thumbnail.png, to: directory + "/" + name)
                    placed.append(directory + "/" + name)
                    thumbnailFiles.append(name)
                }
                let stored = StoredScan(
                    id: scan, owner: owner, createdAt: createdAt, device: device, pages: document.pages,
                    pdfFile: scan + ".pdf", thumbnailFiles: thumbnailFiles, pdfByteCount: document.byteCount)
                try AtomicFile.write(Array(ScanArchive.encoder.encode(stored)), to: directory + "/" + stored.manifestFile)
                placed.append(directory + "/" + stored.manifestFile)
                let key = ScanArchive.key(of: owner)
                try archive.audit.append(
                    ScanAuditEntry(
                        at: access.at, who: access.who, action: .write, owner: owner, scan: scan,
                        files: stored.allFiles.map { key + "/" + $0 }, note: access.note))
                return stored
            } catch {
                writer.discard()
                // Manifest first, so a half-removed scan is never listed.
                for path in placed.reversed() { unlink(path) }
                throw error
            }
        }

        /// Drops everything written so far.
        public func discard() {
            writer.discard()
            archive.endDraft(marker)
        }
    }
}
