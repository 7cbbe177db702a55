import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps a copy of a folder (the scan archive) in step with it: new or changed files are copied
/// (to a temporary name, fsynced, renamed), files gone from the source are removed from the copy —
/// a scan the archive purged for privacy does not live on in a backup.
public enum FolderMirror {
    public struct Result: Sendable, Equatable {
        public var copied: Int
        public var removed: Int
        public var files: Int

        public init(copied: Int, removed: Int, files: Int) {
            self.copied = copied
            self.removed = removed
            self.files = files
        }
    }

    public static func mirror(_ source: String, to target: String) throws -> Result {
        let fm = FileManager.default
        try fm.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var result = Result(copied: 0, removed: 0, files: 0)
        var wanted = Set<String>()
        if let walker = fm.enumerator(atPath: source) {
            while let relative = walker.nextObject() as? String {
                let from = (source as NSString).appendingPathComponent(relative)
                let to = (target as NSString).appendingPathComponent(relative)
                let attributes = try fm.attributesOfItem(atPath: from)
                wanted.insert(relative)
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    try fm.createDirectory(atPath: to, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                    continue
                }
                guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                result.files += 1
                // Same size and time (to the millisecond: the copy's time is set with less precision).
                if let existing = try? fm.attributesOfItem(atPath: to),
                    existing[.size] as? NSNumber == attributes[.size] as? NSNumber,
                    let copied = existing[.modificationDate] as? Date, let original = attributes[.modificationDate] as? Date,
                    abs(copied.timeIntervalSince(original)) < 0.001
                {
                    continue
                }
                let temporary = to + ".partial"
                try? fm.removeItem(atPath: temporary)
                try fm.copyItem(atPath: from, toPath: temporary)
                try fm.setAttributes(
                    [.modificationDate: attributes[.modificationDate] ?? Date(), .posixPermissions: 0o600], ofItemAtPath: temporary)
                try HallDatabase.fsyncFile(temporary)
                guard rename(temporary, to) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                result.copied += 1
            }
        }
        // Deepest first, so a folder is empty when its turn comes.
        let present = (fm.enumerator(atPath: target)?.allObjects as? [String] ?? []).sorted { $0.count > $1.count }
        for relative in present where !wanted.contains(relative) {
            try fm.removeItem(atPath: (target as NSString).appendingPathComponent(relative))
            result.removed += 1
        }
        try HallDatabase.fsyncFile(target)
        return result
    }
}
