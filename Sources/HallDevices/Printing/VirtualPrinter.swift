import Foundation

/// A printer that spools each job into a folder as `<id>.bin` (the ESC/POS bytes) and `<id>.png`
/// (the paper): the default when no printer is configured, and what `hall print-test` writes to.
public struct VirtualPrinter: PrinterTransport {
    public var directory: URL
    public var profile: PrinterProfile

    public init(directory: URL, profile: PrinterProfile = .virtual80) {
        self.directory = directory
        self.profile = profile
    }

    public var name: String { "virtual:\(directory.path)" }

    public func send(_ job: PrintJob) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let safe = job.id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
            let base = directory.appendingPathComponent(String(safe))
            try Data(job.bytes).write(to: base.appendingPathExtension("bin"), options: .atomic)
            try PaperRenderer(profile: profile).writePNG(job.document, to: base.appendingPathExtension("png"))
        } catch {
            throw TransportError(.offline, "\(name): \(error)")
        }
    }

    public func status() -> DeviceStatus {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir) { return isDir.boolValue ? .ok : .offline }
        return (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil ? .ok : .offline
    }
}
