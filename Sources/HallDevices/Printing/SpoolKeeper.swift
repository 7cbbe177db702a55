import HallPOSIX
import Foundation
import Synchronization

/// Keeps a virtual printer's spool folder: draws the pictures of the paper (at once, or on a thread
/// of its own) and removes the jobs beyond the ``SpoolLimits``.
public final class SpoolKeeper: Sendable {
    /// Pictures still to draw when previews fall behind: older ones are skipped (their `.bin` stays).
    public static let previewBacklog = 16

    let directory: URL
    let renderer: PaperRenderer
    let preview: VirtualPrinter.Preview
    let limits: SpoolLimits
    private let thread: BlockingThread
    private struct State {
        var previews: [(PrintDocument, URL)] = []
        var drawing = false
        var sinceTrim = 0
        var trimWanted = true
    }
    private let state = Mutex(State())

    init(directory: URL, renderer: PaperRenderer, preview: VirtualPrinter.Preview, limits: SpoolLimits) {
        self.directory = directory
        self.renderer = renderer
        self.preview = preview
        self.limits = limits
        thread = BlockingThread(name: "spool")
        // What an earlier run left beyond the limits goes at once.
        state.withLock { $0.drawing = true }
        Task { await self.work() }
    }

    /// A job's `.bin` is written at `base`: its picture is drawn (now or soon), and now and then the
    /// folder is trimmed to its limits.
    func spooled(_ document: PrintDocument, at base: URL) throws {
        if preview == .inline { try renderer.writePNG(document, to: base.appendingPathExtension("png")) }
        let start = state.withLock { s -> Bool in
            if preview == .background {
                s.previews.append((document, base))
                if s.previews.count > Self.previewBacklog { s.previews.removeFirst(s.previews.count - Self.previewBacklog) }
            }
            s.sinceTrim += 1
            if s.sinceTrim >= max(8, limits.maxJobs / 10) {
                s.sinceTrim = 0
                s.trimWanted = true
            }
            let start = !s.drawing && (s.trimWanted || !s.previews.isEmpty)
            if start { s.drawing = true }
            return start
        }
        if start { Task { await self.work() } }
    }

    /// Trims the folder when it is due and draws the waiting pictures, on the spool's thread, until
    /// nothing is left to do.
    private func work() async {
        await thread.run { [self] in
            while true {
                let (trim, next) = state.withLock { s -> (Bool, (PrintDocument, URL)?) in
                    let trim = s.trimWanted
                    s.trimWanted = false
                    if s.previews.isEmpty {
                        if !trim { s.drawing = false }
                        return (trim, nil)
                    }
                    return (trim, s.previews.removeFirst())
                }
                if trim { self.trim() }
                if let (document, base) = next {
                    // A job trimmed meanwhile gets no picture.
                    if FileManager.default.fileExists(atPath: base.appendingPathExtension("bin").path) {
                        _ = try? renderer.writePNG(document, to: base.appendingPathExtension("png"))
                    }
                } else if !trim {
                    return
                }
            }
        }
    }

    /// Waits until every picture asked for so far is drawn (tests, and `hall bench` before it measures the folder).
    public func settle() async {
        await thread.run {}
        while state.withLock({ $0.drawing }) { await thread.run {} }
    }

    /// Removes the jobs beyond ``SpoolLimits/maxJobs`` (oldest first) and those older than
    /// ``SpoolLimits/maxAge``: their `.bin` and `.png` together.
    public func trim(now: Date = Date()) {
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        guard let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else { return }
        var newest: [String: Date] = [:]
        for file in files where ["bin", "png"].contains(file.pathExtension) {
            let date = (try? file.resourceValues(forKeys: Set(keys)).contentModificationDate) ?? .distantPast
            let job = file.deletingPathExtension().lastPathComponent
            newest[job] = max(newest[job] ?? .distantPast, date)
        }
        let jobs = newest.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
        for (index, (job, date)) in jobs.enumerated() where index >= limits.maxJobs || now.timeIntervalSince(date) > limits.maxAge {
            for ext in ["bin", "png"] {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(job).appendingPathExtension(ext))
            }
        }
    }
}
