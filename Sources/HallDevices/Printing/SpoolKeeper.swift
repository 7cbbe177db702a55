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
    /// Trims the folder.
    private let thread: BlockingThread
    /// Draws the pictures at the lowest priority: under a burst of tickets the pictures wait (and
    /// only the latest ``previewBacklog`` are drawn), the tickets do not.
    private let pictures: BlockingThread
    private struct State {
        var previews: [(PrintDocument, URL)] = []
        var drawing = false
        /// The picture the pictures' thread is drawing, by a number of its own; ``settle()`` takes it
        /// over by setting this to nil, and the thread then does not write it.
        var current: (number: Int, document: PrintDocument, base: URL)?
        var drawn = 0
        var trimming = false
        var sinceTrim = 0
        var trimWanted = true
        /// The jobs in the folder, oldest first: read from the folder once (the first trim), then
        /// kept up as jobs are spooled and removed, so trimming never lists the folder again.
        var jobs: SpoolIndex?
        /// Jobs spooled since the last trim, for the index.
        var spooledSinceTrim: [(name: String, at: Date)] = []
    }
    private let state = Mutex(State())
    /// Held while a job's files are removed, and while a picture is written after checking that its
    /// job is still there: a picture never outlives its paper.
    private let files = Mutex(())

    init(directory: URL, renderer: PaperRenderer, preview: VirtualPrinter.Preview, limits: SpoolLimits) {
        self.directory = directory
        self.renderer = renderer
        self.preview = preview
        self.limits = limits
        thread = BlockingThread(name: "spool")
        pictures = BlockingThread(name: "spool-pictures", priority: .background)
        // What an earlier run left beyond the limits goes at once.
        state.withLock { $0.trimming = true }
        Task { await self.trimWhileWanted() }
    }

    /// A job's `.bin` is written at `base`: its picture is drawn (now or soon), and now and then the
    /// folder is trimmed to its limits.
    func spooled(_ document: PrintDocument, at base: URL) throws {
        if preview == .inline { try renderer.writePNG(document, to: base.appendingPathExtension("png")) }
        let (draw, trim) = state.withLock { s -> (Bool, Bool) in
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
            let draw = !s.drawing && !s.previews.isEmpty
            if draw { s.drawing = true }
            let trim = !s.trimming && s.trimWanted
            if trim { s.trimming = true }
            return (draw, trim)
        }
        if draw { Task { await self.drawWhileWaiting() } }
        if trim { Task { await self.trimWhileWanted() } }
    }

    /// Trims the folder on the spool's thread until no trim is due.
    private func trimWhileWanted() async {
        await thread.run { [self] in
            while state.withLock({ s in
                let trim = s.trimWanted
                s.trimWanted = false
                if !trim { s.trimming = false }
                return trim
            }) {
                self.trimIndexed()
            }
        }
    }

    /// Draws the waiting pictures on the pictures' thread until none is left.
    private func drawWhileWaiting() async {
        await pictures.run { [self] in
            while let (number, document, base) = state.withLock({ s -> (Int, PrintDocument, URL)? in
                guard !s.previews.isEmpty else {
                    s.drawing = false
                    s.current = nil
                    return nil
                }
                let (document, base) = s.previews.removeFirst()
                s.drawn += 1
                s.current = (s.drawn, document, base)
                return (s.drawn, document, base)
            }) {
                guard let picture = try? renderer.render(document) else { continue }
                write(picture, at: base) { state.withLock { $0.current?.number == number } }
            }
        }
    }

    /// Writes a job's picture unless the job was trimmed meanwhile (or `still` says no): a picture
    /// never outlives its paper.
    private func write(_ picture: PaperRenderer.Result, at base: URL, if still: () -> Bool = { true }) {
        files.withLock { _ in
            guard still(), FileManager.default.fileExists(atPath: base.appendingPathExtension("bin").path) else { return }
            try? picture.bitmap.writePNG(to: base.appendingPathExtension("png"))
        }
    }

    /// Draws every picture asked for so far — those still waiting and the one being drawn, on the
    /// spool's thread at the hall's priority rather than waiting for the pictures' thread — and waits
    /// for the trims due (tests, and `hall bench` before it measures the folder).
    public func settle() async {
        await thread.run {}
        let waiting = state.withLock { s in
            defer {
                s.previews = []
                s.current = nil
            }
            return (s.current.map { [($0.document, $0.base)] } ?? []) + s.previews
        }
        await thread.run { [self] in
            for (document, base) in waiting {
                if let picture = try? renderer.render(document) { write(picture, at: base) }
            }
        }
        while state.withLock({ $0.trimming }) { await thread.run {} }
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
            files.withLock { _ in
                for ext in ["bin", "png"] {
                    try? FileManager.default.removeItem(at: directory.appendingPathComponent(job).appendingPathExtension(ext))
                }
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
