import Foundation
import Glibc
import HallPOSIX

/// A printer that spools its paper into a folder: each job's ESC/POS bytes go on a roll,
/// `paper-000001.bin`, named in the roll's list, `paper-000001.jobs` (``SpoolRoll``), and a picture of
/// the paper is drawn as `<id>.png`. What `hall print-test` writes to, and the hall's virtual
/// printers on a laptop or a demo.
///
/// The paper is written when the job is sent. The picture takes a Pango/Cairo render (~20 ms), far
/// longer than the job itself: with ``Preview/background`` it is drawn on a thread of its own, at
/// the lowest priority, once the printer has had no job for ``SpoolKeeper/quietBeforePictures`` —
/// never on the printer's line, so the printer keeps pace with the kiosk — and when previews fall
/// behind, only the latest ``SpoolKeeper/previewBacklog`` are drawn. The folder and its files are
/// the hall's user's alone (modes 0700 and 0600: a ticket shows its rating code). The folder keeps
/// the newest ``SpoolLimits/maxJobs`` jobs (and at most a roll more) and none older than
/// ``SpoolLimits/maxAge``: the oldest rolls go first (``SpoolKeeper``).
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
        self.init(directory: directory, profile: profile, preview: preview, limits: limits, quiet: quiet, write: SpoolKeeper.systemWrite)
    }

    /// `write`: the positioned write of the paper (tests: a disk that fills up half-way).
    init(
        directory: URL, profile: PrinterProfile = .virtual80, preview: Preview = .inline, limits: SpoolLimits = SpoolLimits(),
        quiet: Duration = SpoolKeeper.quietBeforePictures, write: @escaping @Sendable (Int32, UnsafeRawBufferPointer, off_t) -> Int
    ) {
        self.directory = directory
        self.profile = profile
        self.keeper = SpoolKeeper(
            directory: directory, renderer: PaperRenderer(profile: profile), preview: preview, limits: limits, quiet: quiet, write: write)
    }

    public var name: String { "virtual:\(directory.path)" }

    public func send(_ job: PrintJob) throws {
        let name = String(job.id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        // Not fsynced: the ticket is durable in the journal, and a printer's paper is no record.
        do {
            try keeper.spool(job.bytes, document: job.document, name: name)
        } catch {
            throw TransportError(.offline, "\(name): \(error)")
        }
    }

    /// Ready while its folder is a folder (made again when it is gone). Asked every few seconds by
    /// the printing service: the spool is trimmed to its limits then, so an idle printer's old paper
    /// goes in time too.
    public func status() -> DeviceStatus {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir) {
            guard isDir.boolValue else { return .offline }
            keeper.trim()
            return .ok
        }
        return (try? Self.makeFolder(directory)) != nil ? .ok : .offline
    }

    /// Creates the spool folder (the hall's user's alone) unless it is there. Foundation's `createDirectory` throws "File
    /// exists" when another thread (a status poll, a second job) creates the folder at the same
    /// moment: that is no fault, the folder is there.
    static func makeFolder(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
    /// Jobs kept (and at most a roll's worth more, ``SpoolKeeper/rollJobs``); the oldest go first.
    public var maxJobs: Int
    /// Seconds a job is kept at most.
    public var maxAge: TimeInterval

    public init(maxJobs: Int = 1_000, maxAge: TimeInterval = 7 * 86_400) {
        self.maxJobs = max(1, maxJobs)
        self.maxAge = max(60, maxAge)
    }
}
