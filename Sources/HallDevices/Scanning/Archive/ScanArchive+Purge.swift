import Foundation

extension ScanArchive {
    /// Deletes every scan made at or before `now - retention`, and leftovers of interrupted writes
    /// (files without a manifest, temporary files) that no draft is writing. Logged as one `purge`
    /// entry listing what went.
    ///
    /// - Parameters:
    ///   - now: the caller's clock reading; nothing here reads a clock.
    ///   - retention: how long a scan is kept, 90 days unless the hall file says otherwise.
    /// - Returns: the scans removed.
    @discardableResult
    public func purge(now: Date, retention: TimeInterval = ScanArchive.defaultRetention, access: ArchiveAccess) throws -> [StoredScan] {
        let cutoff = now.addingTimeInterval(-retention)
        let fileManager = FileManager.default
        var removed: [StoredScan] = []
        var removedFiles: [String] = []
        let keys = (try? fileManager.contentsOfDirectory(atPath: ownersDirectory)) ?? []
        for key in keys.sorted() {
            let directory = ownersDirectory + "/" + key
            let scans = try manifests(in: directory)
            var kept = Set<String>()
            for scan in scans {
                if scan.createdAt <= cutoff {
                    for file in [scan.manifestFile] + scan.thumbnailFiles + [scan.pdfFile] {
                        if unlink(directory + "/" + file) == 0 { removedFiles.append(key + "/" + file) }
                    }
                    removed.append(scan)
                } else {
                    kept.formUnion(scan.allFiles)
                }
            }
            // Leftovers: files no manifest names and no draft is writing.
            let names = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where !kept.contains(name) {
                if isDrafting(key + "/" + Self.scanID(ofFile: name)) { continue }
                if unlink(directory + "/" + name) == 0 { removedFiles.append(key + "/" + name) }
            }
            if ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).isEmpty { rmdir(directory) }
        }
        try audit.append(
            ScanAuditEntry(
                at: access.at, who: access.who, action: .purge, owner: nil, scan: nil, files: removedFiles,
                note: access.note ?? "retention \(Int(retention / 86_400)) days, cutoff \(ISO8601DateFormatter().string(from: cutoff))"))
        return removed
    }

    /// "abc" for "abc.pdf", "abc-p001.png", "abc.json" and ".abc.pdf.tmp-xyz".
    static func scanID(ofFile name: String) -> String {
        var base = name
        if base.hasPrefix(".") { base.removeFirst() }
        if let dot = base.firstIndex(of: ".") { base = String(base[..<dot]) }
        if let range = base.range(of: "-p", options: .backwards), base[range.upperBound...].allSatisfy(\.isNumber),
            !base[range.upperBound...].isEmpty
        {
            base = String(base[..<range.lowerBound])
        }
        return base
    }
}
