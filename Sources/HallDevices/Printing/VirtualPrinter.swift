import Foundation
import Glibc
import HallPOSIX

/// A printer that spools each job into a folder as `<id>.bin` (the ESC/POS bytes: the paper) and
/// `<id>.png` (a picture of the paper): what `hall print-test` writes to, and the hall's virtual
/// printers on a laptop or a demo.
///
/// The `.bin` is written when the job is sent. The picture takes a Pango/Cairo render (~20 ms),
/// far longer than the job itself: with ``Preview/background`` it is drawn on a thread of its own, at
/// the lowest priority, once the printer has had no job for ``SpoolKeeper/quietBeforePictures`` —
/// never on the printer's line, so the printer keeps pace with the kiosk — and when previews fall
/// behind, only the latest ``SpoolKeeper/previewBacklog`` are drawn. Both files are the hall's
/// user's alone (mode 0600: a ticket shows its rating code). The
/// folder keeps at most ``SpoolLimits/maxJobs`` jobs and none older than ``SpoolLimits/maxAge``: the
/// oldest go first.
public struct VirtualPrinter: PrinterTransport {
    /// When the picture of the paper is drawn.
    public enum Preview: Sendable {
        /// While sending the job (`hall print-test`: the picture is there when it returns).
        case inline
        /// After the job, on a thread of the spool's own at the lowest priority (nice 19): while
        /// requests keep the processor busy, they come first.
        case background
    }

    public var directory: URL
    public var profile: PrinterProfile
    public let keeper: SpoolKeeper

    /// `quiet`: how long the printer must have had no job before a background picture is drawn.
    public init(
        directory: URL, profile: PrinterProfile = .virtual80, preview: Preview = .inline, limits: SpoolLimits = SpoolLimits(),
        quiet: Duration = SpoolKeeper.quietBeforePictures
    ) {
        self.directory = directory
        self.profile = profile
        self.keeper = SpoolKeeper(
            directory: directory, renderer: PaperRenderer(profile: profile), preview: preview, limits: limits, quiet: quiet)
    }

    public var name: String { "virtual:\(directory.path)" }

    public func send(_ job: PrintJob) throws {
        let name = String(job.id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        // Whole or not at all, but not fsynced: the ticket is durable in the journal, and a
        // printer's paper is no record (Foundation's atomic write fsyncs: one more disk flush
        // per ticket on the printer's line). By path: a URL `stat`s what it names.
        let bin = keeper.path(name, "bin")
        do {
            do {
                try AtomicFile.write(job.bytes, to: bin, durable: false, reusing: keeper.takeSpare())
            } catch let error as FileError where error.errno == ENOENT {
                // The folder is gone (or never was): made again, as a printer gets its paper back.
                try Self.makeFolder(directory)
                try AtomicFile.write(job.bytes, to: bin, durable: false)
            }
            try keeper.spooled(job.document, name: name)
        } catch {
            throw TransportError(.offline, "\(name): \(error)")
        }
    }

    public func status() -> DeviceStatus {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir) { return isDir.boolValue ? .ok : .offline }
        return (try? Self.makeFolder(directory)) != nil ? .ok : .offline
    }

    /// Creates the spool folder unless it is there. Foundation's `createDirectory` throws "File
    /// exists" when another thread (a status poll, a second job) creates the folder at the same
    /// moment: that is no fault, the folder is there.
    static func makeFolder(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw error
            }
        }
    }
}

/// How much a virtual printer's spool folder keeps.
public struct SpoolLimits: Sendable, Hashable, Codable {
    /// Jobs kept (each a `.bin` and a `.png`); the oldest go first.
    public var maxJobs: Int
    /// Seconds a job is kept.
    public var maxAge: TimeInterval

    public init(maxJobs: Int = 1_000, maxAge: TimeInterval = 7 * 86_400) {
        self.maxJobs = max(1, maxJobs)
        self.maxAge = max(60, maxAge)
    }
}
