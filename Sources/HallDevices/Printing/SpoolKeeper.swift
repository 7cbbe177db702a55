import Foundation
import Glibc
import HallPOSIX
import Synchronization

/// Keeps a virtual printer's spool folder: draws the pictures of the paper (at once, or on a thread
/// of its own) and removes the jobs beyond the ``SpoolLimits``.
public final class SpoolKeeper: Sendable {
    /// Pictures still to draw when previews fall behind: older ones are skipped (their `.bin` stays).
    public static let previewBacklog = 16
    /// How long the printer must have had no job before pictures are drawn. A burst of tickets (the
    /// morning queue, a benchmark) is printed first; its latest pictures come once it is over. Even at
    /// the lowest priority the pictures took the processor whenever the requests waited for the disk
    /// or the network, and their files were created in the folder the printer writes to.
    public static let quietBeforePictures: Duration = .milliseconds(250)

    let directory: URL
    /// `directory`'s path, to which a job's name and extension are appended (``path(_:_:)``).
    private let folder: String
    let renderer: PaperRenderer
    let preview: VirtualPrinter.Preview
    let limits: SpoolLimits
    /// ``quietBeforePictures``, or another pause (tests).
    let quiet: Duration
    /// Trims the folder.
    private let thread: BlockingThread
    /// Draws the pictures at the lowest priority, once the printer is quiet: under a burst of tickets
    /// the pictures wait (and only the latest ``previewBacklog`` are drawn), the tickets do not.
    private let pictures: BlockingThread
    private struct State {
        var previews: [(PrintDocument, String)] = []
        var drawing = false
        /// When the last job was spooled (``quietBeforePictures``).
        var lastSpooled = ContinuousClock.now
        /// The picture the pictures' thread is drawing, by a number of its own; ``settle()`` takes it
        /// over by setting this to nil, and the thread then does not write it.
        var current: (number: Int, document: PrintDocument, name: String)?
        var drawn = 0
        var trimming = false
        var sinceTrim = 0
        var trimWanted = true
        /// The jobs in the folder, oldest first: read from the folder once (the first trim), then
        /// kept up as jobs are spooled and removed, so trimming never lists the folder again.
        var jobs: SpoolIndex?
        /// Jobs spooled since the last trim, for the index.
        var spooledSinceTrim: [(name: String, at: Date)] = []
        /// Files of trimmed jobs kept in ``spareFolder`` for new jobs to be written into, with when
        /// their job was spooled: a spare still holds that job's paper until it is written again.
        var spares: [(path: String, at: Date)] = []
        var nextSpare = 0
    }
    private let state = Mutex(State())
    /// Held while a job's files are removed, and while a picture is written after checking that its
    /// job is still there: a picture never outlives its paper.
    private let files = Mutex(())

    init(
        directory: URL, renderer: PaperRenderer, preview: VirtualPrinter.Preview, limits: SpoolLimits,
        quiet: Duration = SpoolKeeper.quietBeforePictures
    ) {
        self.quiet = quiet
        self.directory = directory
        self.folder = directory.path
        self.renderer = renderer
        self.preview = preview
        self.limits = limits
        thread = BlockingThread(name: "spool")
        pictures = BlockingThread(name: "spool-pictures", priority: .background)
        // What an earlier run left beyond the limits goes at once.
        state.withLock { $0.trimming = true }
        Task { await self.trimWhileWanted() }
    }

    /// The path of a job's file in the folder (`ext` "bin" or "png").
    func path(_ name: String, _ ext: String) -> String { folder + "/" + name + "." + ext }

    /// The folder is trimmed every this many jobs.
    var trimEvery: Int { max(8, limits.maxJobs / 10) }

    /// Where the files of trimmed jobs wait to be written again, beside the printer's folder (which
    /// holds its paper only). A job's file used to be created for it and unlinked a thousand jobs
    /// later: the file system allocated and freed an inode per ticket, and on ext4 without a journal
    /// (this project's test machine) each allocation skips every inode freed in the last half minute
    /// — under a burst of tickets that was two fifths of the hall's processor time, all in `open`.
    var spareFolder: String {
        let (parent, name) = AtomicFile.split(folder)
        return parent + "/." + name + ".spare"
    }

    /// How many spare files are kept (beyond it, trimmed files are unlinked): a trim's worth of jobs,
    /// twice over, and their pictures.
    var spareLimit: Int { 2 * trimEvery + Self.previewBacklog }

    /// A trimmed job's file for the next job to be written into, if one is waiting.
    func takeSpare() -> String? { state.withLock { $0.spares.popLast()?.path } }

    /// A job's `.bin` is written under `name`: its picture is drawn (now or soon), and now and then
    /// the folder is trimmed to its limits.
    func spooled(_ document: PrintDocument, name: String) throws {
        if preview == .inline { try renderer.render(document).bitmap.writePNG(toPath: path(name, "png")) }
        let (draw, trim) = state.withLock { s -> (Bool, Bool) in
            if preview == .background {
                s.previews.append((document, name))
                if s.previews.count > Self.previewBacklog { s.previews.removeFirst(s.previews.count - Self.previewBacklog) }
            }
            s.spooledSinceTrim.append((name, Date()))
            s.lastSpooled = .now
            s.sinceTrim += 1
            if s.sinceTrim >= trimEvery {
                s.sinceTrim = 0
                s.trimWanted = true
            }
            let draw = !s.drawing && !s.previews.isEmpty
            if draw { s.drawing = true }
            let trim = !s.trimming && s.trimWanted
            if trim { s.trimming = true }
            return (draw, trim)
        }
        if draw { Task { await self.drawWhenQuiet() } }
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

    /// Draws the waiting pictures on the pictures' thread, one at a time, each once the printer has
    /// been quiet for ``quiet``, until none is left.
    private func drawWhenQuiet() async {
        while true {
            let busy = state.withLock { s -> Duration? in
                let quietFor = ContinuousClock.now - s.lastSpooled
                return quietFor < quiet ? quiet - quietFor : nil
            }
            if let busy {
                try? await Task.sleep(for: busy)
                continue
            }
            guard await pictures.run({ [self] in drawNext() }) else { return }
        }
    }

    /// Draws the oldest waiting picture; false when none was waiting (and then no longer drawing).
    private func drawNext() -> Bool {
        guard
            let (number, document, name) = state.withLock({ s -> (Int, PrintDocument, String)? in
                guard !s.previews.isEmpty else {
                    s.drawing = false
                    s.current = nil
                    return nil
                }
                let (document, name) = s.previews.removeFirst()
                s.drawn += 1
                s.current = (s.drawn, document, name)
                return (s.drawn, document, name)
            })
        else { return false }
        if let picture = try? renderer.render(document) {
            write(picture, of: name) { state.withLock { $0.current?.number == number } }
        }
        return true
    }

    /// Writes a job's picture unless the job was trimmed meanwhile (or `still` says no): a picture
    /// never outlives its paper.
    private func write(_ picture: PaperRenderer.Result, of name: String, if still: () -> Bool = { true }) {
        files.withLock { _ in
            guard still(), access(path(name, "bin"), F_OK) == 0 else { return }
            try? picture.bitmap.writePNG(toPath: path(name, "png"))
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
            return (s.current.map { [($0.document, $0.name)] } ?? []) + s.previews
        }
        await thread.run { [self] in
            for (document, name) in waiting {
                if let picture = try? renderer.render(document) { write(picture, of: name) }
            }
        }
        await trimmed()
    }

    /// Does the trims due now, on the spool's thread, after the one it may be doing (tests of the
    /// spool's files, and ``settle()``). It does them rather than waiting for the trim task, which
    /// on a busy cooperative pool may not have started yet.
    public func trimmed() async {
        await thread.run { [self] in
            while state.withLock({ s in
                defer { s.trimWanted = false }
                return s.trimWanted
            }) {
                trimIndexed()
            }
        }
    }

    /// Removes the jobs beyond ``SpoolLimits/maxJobs`` (oldest first) and those older than
    /// ``SpoolLimits/maxAge``: their `.bin` and `.png` together. Reads the whole folder (the jobs'
    /// modification times), and keeps what it read as the index later trims work from.
    public func trim(now: Date = Date()) {
        // What was spooled so far is in the folder: the folder says when.
        state.withLock { $0.spooledSinceTrim = [] }
        var index = SpoolIndex(scanning: directory)
        // Spares an earlier run left are used again (a rename keeps the job's modification time).
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: spareFolder)) ?? []).compactMap { name -> (String, Date)? in
            var info = stat()
            let file = spareFolder + "/" + name
            guard stat(file, &info) == 0 else { return nil }
            return (file, Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec)))
        }
        state.withLock { s in
            s.spares = left.sorted { $0.1 < $1.1 }.map { (path: $0.0, at: $0.1) }
            s.nextSpare = max(s.nextSpare, left.compactMap { Int(AtomicFile.split($0.0).name) }.max() ?? 0)
        }
        forgetOldSpares(now: now)
        remove(index.evict(limits, now: now), now: now)
        state.withLock { $0.jobs = index }
    }

    /// Unlinks the spares whose job is older than ``SpoolLimits/maxAge``: a spare holds its job's
    /// paper until it is written again, and the paper keeps no longer than the spool's limit.
    private func forgetOldSpares(now: Date) {
        let old = state.withLock { s -> [String] in
            let old = s.spares.filter { now.timeIntervalSince($0.at) > limits.maxAge }
            guard !old.isEmpty else { return [] }
            s.spares.removeAll { now.timeIntervalSince($0.at) > limits.maxAge }
            return old.map(\.path)
        }
        for file in old { unlink(file) }
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
        forgetOldSpares(now: now)
        remove(index.evict(limits, now: now), now: now)
        state.withLock { $0.jobs = index }
    }

    /// Removes the jobs' files: each kept as a spare while fewer than ``spareLimit`` wait and the job
    /// is not past ``SpoolLimits/maxAge``, else unlinked (by path: FileManager's removeItem stats
    /// each file first).
    private func remove(_ jobs: [(name: String, at: Date)], now: Date) {
        guard !jobs.isEmpty else { return }
        var folderMade = access(spareFolder, F_OK) == 0
        for (job, at) in jobs {
            files.withLock { _ in
                for ext in ["bin", "png"] {
                    let file = path(job, ext)
                    let spare = state.withLock { s -> String? in
                        guard s.spares.count < spareLimit, now.timeIntervalSince(at) <= limits.maxAge else { return nil }
                        s.nextSpare += 1
                        return spareFolder + "/\(s.nextSpare)"
                    }
                    if let spare {
                        if !folderMade { folderMade = mkdir(spareFolder, 0o700) == 0 || errno == EEXIST }
                        if folderMade {
                            if rename(file, spare) == 0 {
                                state.withLock { $0.spares.append((spare, at)) }
                                continue
                            }
                            if errno == ENOENT && access(file, F_OK) != 0 { continue }  // no picture was drawn for this job
                            folderMade = false  // the spare folder is gone: made again for the next job
                        }
                    }
                    unlink(file)
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
    /// `limits.maxAge`; answers them, with when each was spooled.
    mutating func evict(_ limits: SpoolLimits, now: Date) -> [(name: String, at: Date)] {
        var removed: [(name: String, at: Date)] = []
        while head < order.count {
            let job = order[head]
            guard latest[job.name] == job.at else {
                head += 1
                continue
            }
            guard latest.count > limits.maxJobs || now.timeIntervalSince(job.at) > limits.maxAge else { break }
            latest[job.name] = nil
            removed.append(job)
            head += 1
        }
        if head > 1_024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        return removed
    }
}
