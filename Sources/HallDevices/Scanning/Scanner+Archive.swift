extension Scanner {
    /// Scans a set straight into the archive under `owner` (a visit id for the hall): the PDF and its
    /// thumbnails appear, with the manifest and a `write` audit entry, only if the whole set was scanned.
    ///
    /// `access.at` is the scan's creation time, from which the retention period counts.
    public func scan(
        _ settings: ScanSettings? = nil, into archive: ScanArchive, owner: String, scan id: String, title: String? = nil,
        access: ArchiveAccess, progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }
    ) async throws -> StoredScan {
        let draft = try archive.draft(owner: owner, scan: id, device: device, title: title, createdAt: access.at)
        do {
            try await scan(settings, progress: progress) { page in try draft.add(page) }
            return try draft.commit(access)
        } catch {
            draft.discard()
            throw error
        }
    }
}
