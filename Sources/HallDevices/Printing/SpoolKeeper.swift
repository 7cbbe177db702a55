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
        /// The jobs in the folder, oldest first: read from the folder once (the first trim), then
        /// kept up as jobs are spooled and removed, so trimming never lists the folder again.
        var jobs: SpoolIndex?
        /// Jobs spooled since the last trim, for the index.
        var spooledSinceTrim: [(name: String, at: Date)] = []
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
            s.spooledSinceTrim.append((base.lastPathComponent, Date()))
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
                if trim { self.trimIndexed() }
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
    /// ``SpoolLimits/maxAge``: their `.bin` and `.png` together. Reads the whole folder (the jobs'
    /// modification times), and keeps what it read as the index later trims work from.
    public func trim(now: Date = Date()) {
        // What was spooled so far is in the folder: the folder says when.
        state.withLock { $0.spooledSinceTrim = [] }
        var index = SpoolIndex(scanning: directory)
        remove(index.evict(limits, now: now))
        state.withLock { $0.jobs = index }
    }

    /// Trims from the index: costs what it removes, not what the folder holds (a full folder is
    /// a thousand jobs: listing and reading each one's date every hundred jobs took a seventh of
    /// the hall's time under load).
    func trimIndexed(now: Date = Date()) {
        guard var index = state.withLock({ $0.jobs }) else { return trim(now: now) }
        index.add(
            state.withLock { s in
                defer { s.spooledSinceTrim = [] }
                return s.spooledSinceTrim
            })
        remove(index.evict(limits, now: now))
        state.withLock { $0.jobs = index }
    }

    private func remove(_ jobs: [String]) {
        for job in jobs {
            for ext in ["bin", "png"] {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(job).appendingPathExtension(ext))
            }
        }
    }
}

/// The jobs of a spool folder in the order they came, with when each came last.
struct SpoolIndex: Sendable {
    /// Oldest first; an entry whose job was spooled again later is stale and skipped.
    private var order: [(name: String, at: Date)] = []
    private var head = 0
    private var latest: [String: Date] = [:]

    var count: Int { latest.count }

    /// The jobs in `directory`, by the newest modification time of their `.bin` and `.png`.
    init(scanning directory: URL) {
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys)) ?? []
        var newest: [String: Date] = [:]
        for file in files where ["bin", "png"].contains(file.pathExtension) {
            let date = (try? file.resourceValues(forKeys: Set(keys)).contentModificationDate) ?? .distantPast
            let job = file.deletingPathExtension().lastPathComponent
            newest[job] = max(newest[job] ?? .distantPast, date)
        }
        add(newest.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    mutating func add(_ jobs: [(name: String, at: Date)]) {
        for job in jobs {
            // A job already listed with a later date (read from the folder) keeps it.
            if let known = latest[job.name], known >= job.at { continue }
            latest[job.name] = job.at
            order.append(job)
        }
    }

    /// Takes out the oldest jobs until at most `limits.maxJobs` remain and none is older than
    /// `limits.maxAge`; answers their names.
    mutating func evict(_ limits: SpoolLimits, now: Date) -> [String] {
        var removed: [String] = []
        while head < order.count {
            let job = order[head]
            guard latest[job.name] == job.at else {
                head += 1
                continue
            }
            guard latest.count > limits.maxJobs || now.timeIntervalSince(job.at) > limits.maxAge else { break }
            latest[job.name] = nil
            removed.append(job.name)
            head += 1
        }
        if head > 1_024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        return removed
    }
}
