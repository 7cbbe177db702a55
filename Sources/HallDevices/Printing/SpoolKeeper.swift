import Foundation
import Glibc
import HallPOSIX
import Synchronization

/// Keeps a virtual printer's spool folder: the paper on rolls (``SpoolRoll``), the pictures of the
/// paper (drawn at once, or on a thread of their own), and the folder within its ``SpoolLimits``.
///
/// A job costs two appends: its bytes to the current roll and its line to the roll's list. A file
/// per job cost the hall a fifth of its processor under a burst of tickets: on ext4 creating,
/// renaming and removing a file each search and rewrite the folder, and every job needed all three.
///
/// A roll takes at most ``rollJobs`` jobs, and jobs for at most a seventh of
/// ``SpoolLimits/maxAge``; each run of the hall starts a roll of its own. Rolls go whole, oldest
/// first: one whose first job is older than ``SpoolLimits/maxAge`` (so no paper outlives it), and one
/// whose newer rolls hold ``SpoolLimits/maxJobs`` jobs (so the newest `maxJobs` stay, and at most a
/// roll's worth more). The limits are checked after every job, when the printer's status is asked
/// for (the printing service asks every few seconds, so an idle printer's paper goes in time too)
/// and at start.
public final class SpoolKeeper: Sendable {
    /// Pictures still to draw when previews fall behind: older ones are skipped (their paper stays).
    public static let previewBacklog = 16
    /// How long the printer must have had no job before pictures are drawn. A burst of tickets (the
    /// morning queue, a benchmark) is printed first; its latest pictures come once it is over. Even at
    /// the lowest priority the pictures took the processor whenever the requests waited for the disk
    /// or the network.
    public static let quietBeforePictures: Duration = .milliseconds(250)

    let directory: URL
    /// `directory`'s path, to which a job's name and extension are appended (``path(_:_:)``).
    private let folder: String
    let renderer: PaperRenderer
    let preview: VirtualPrinter.Preview
    let limits: SpoolLimits
    /// ``quietBeforePictures``, or another pause (tests).
    let quiet: Duration
    /// Draws the pictures at the lowest priority, once the printer is quiet: under a burst of tickets
    /// the pictures wait (and only the latest ``previewBacklog`` are drawn), the tickets do not.
    private let pictures: BlockingThread
    private struct PictureState {
        var previews: [(PrintDocument, String)] = []
        var drawing = false
        /// When the last job was spooled (``quietBeforePictures``).
        var lastSpooled = ContinuousClock.now
        /// The picture the pictures' thread is drawing, by a number of its own; ``settle()`` takes it
        /// over by setting this to nil, and the thread then does not write it.
        var current: (number: Int, document: PrintDocument, name: String)?
        var drawn = 0
    }
    private let state = Mutex(PictureState())
    private let paper = Mutex(Paper())
    /// Held while rolls and their pictures are removed, and while a picture is written after checking
    /// that its job is still on a roll: a picture never outlives its paper.
    private let files = Mutex(())
    /// The positioned write, replaceable by tests (a disk that fills up half-way).
    private let writeBytes: @Sendable (Int32, UnsafeRawBufferPointer, off_t) -> Int

    /// The system's `pwrite`.
    static let systemWrite: @Sendable (Int32, UnsafeRawBufferPointer, off_t) -> Int = { fd, bytes, offset in
        pwrite(fd, bytes.baseAddress, bytes.count, offset)
    }

    init(
        directory: URL, renderer: PaperRenderer, preview: VirtualPrinter.Preview, limits: SpoolLimits,
        quiet: Duration = SpoolKeeper.quietBeforePictures,
        write: @escaping @Sendable (Int32, UnsafeRawBufferPointer, off_t) -> Int = SpoolKeeper.systemWrite
    ) {
        self.quiet = quiet
        self.directory = directory
        self.folder = directory.path
        self.renderer = renderer
        self.preview = preview
        self.limits = limits
        self.writeBytes = write
        pictures = BlockingThread(name: "spool-pictures", priority: .background)
        // What an earlier run left: half a job cut off, and what is beyond the limits removed.
        files.withLock { _ in
            let gone = paper.withLock { p in
                p.load(folder, now: Date())
                return p.evict(limits, now: Date())
            }
            remove(gone)
        }
    }

    deinit { paper.withLock { $0.close() } }

    /// The path of a job's picture (`ext` "png") or of a roll's file.
    func path(_ name: String, _ ext: String) -> String { folder + "/" + name + "." + ext }

    /// Jobs on one roll.
    var rollJobs: Int { max(8, limits.maxJobs / 10) }

    /// How long one roll takes jobs.
    var rollSpan: TimeInterval { limits.maxAge / 7 }

    /// The jobs on the rolls in `directory`, in the order they were printed; a job printed again is
    /// there again.
    public static func jobs(in directory: URL) -> [SpooledJob] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { SpoolRoll.number(of: $0, ext: "jobs") }.sorted().flatMap {
            SpoolRoll.read($0, in: directory.path).roll.jobs
        }
    }

    /// Puts a job's bytes on the paper (whole, or not at all: a failed write leaves nothing of it),
    /// then has its picture drawn (now or soon).
    func spool(_ bytes: [UInt8], document: PrintDocument, name: String) throws {
        let now = Date()
        let due = try paper.withLock { p in
            let roll = try open(&p, now: now)
            try append(bytes, name: name, at: now, to: roll, in: &p)
            if p.rolls[p.rolls.count - 1].jobs.count >= rollJobs { p.close() }
            return p.evictionDue(limits, now: now)
        }
        if due { trim(now: now) }
        if preview == .inline {
            let picture = try renderer.render(document)
            try files.withLock { _ in
                try picture.bitmap.writePNG(toPath: path(name, "png"))
                paper.withLock { _ = $0.pictured.insert(name) }
            }
        }
        let draw = state.withLock { s -> Bool in
            if preview == .background {
                s.previews.append((document, name))
                // Cut now and then, not at every job: the older ones would never be drawn anyway.
                if s.previews.count >= 2 * Self.previewBacklog { s.previews.removeFirst(s.previews.count - Self.previewBacklog) }
            }
            s.lastSpooled = .now
            let draw = !s.drawing && !s.previews.isEmpty
            if draw { s.drawing = true }
            return draw
        }
        if draw { Task { await self.drawWhenQuiet() } }
    }

    /// The roll to write to: the one being written, unless it is full of days or the folder is no
    /// longer the one it lies in (removed, or put back). Makes the folder when it is gone, as a
    /// printer gets its paper back; throws when it is not a folder.
    private func open(_ p: inout Paper, now: Date) throws -> OpenRoll {
        var info = stat()
        if stat(folder, &info) != 0 {
            guard errno == ENOENT else { throw FileError(errno: errno, path: folder, operation: "stat") }
            try VirtualPrinter.makeFolder(directory)
            guard stat(folder, &info) == 0 else { throw FileError(errno: errno, path: folder, operation: "stat") }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw FileError(errno: ENOTDIR, path: folder, operation: "open") }
        if let roll = p.open {
            var own = stat()
            let sameFolder = roll.device == info.st_dev && roll.inode == info.st_ino
            if sameFolder, fstat(roll.bin, &own) == 0, own.st_nlink > 0, now.timeIntervalSince(roll.firstAt) < rollSpan { return roll }
            p.close()
            if !sameFolder {
                // Another folder: what it holds is read as at start.
                p = Paper()
                p.load(folder, now: now)
            }
        }
        while true {
            let number = p.nextRoll
            p.nextRoll += 1
            let base = folder + "/" + SpoolRoll.name(number)
            let bin = Glibc.open(base + ".bin", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if bin < 0 && errno == EEXIST { continue }
            guard bin >= 0 else { throw FileError(errno: errno, path: base + ".bin", operation: "create") }
            let list = Glibc.open(base + ".jobs", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard list >= 0 else {
                let error = FileError(errno: errno, path: base + ".jobs", operation: "create")
                Glibc.close(bin)
                unlink(base + ".bin")
                throw error
            }
            fchmod(bin, 0o600)
            fchmod(list, 0o600)
            let roll = OpenRoll(
                number: number, path: base + ".bin", bin: bin, list: list, device: info.st_dev, inode: info.st_ino, binEnd: 0, listEnd: 0,
                firstAt: now)
            p.open = roll
            p.rolls.append(SpoolRoll(number: number))
            return roll
        }
    }

    /// Appends a job's bytes, then its line: a job is named only once its bytes are all there.
    private func append(_ bytes: [UInt8], name: String, at now: Date, to roll: OpenRoll, in p: inout Paper) throws {
        let job = SpooledJob(name: name, at: now, roll: roll.path, offset: roll.binEnd, length: bytes.count)
        let line = Array(SpoolRoll.line(job).utf8)
        do {
            try write(bytes, to: roll.bin, at: roll.binEnd, path: roll.path)
            try write(line, to: roll.list, at: roll.listEnd, path: path(SpoolRoll.name(roll.number), "jobs"))
        } catch {
            // Nothing of the job stays: the next job is written where it began.
            _ = ftruncate(roll.bin, off_t(roll.binEnd))
            _ = ftruncate(roll.list, off_t(roll.listEnd))
            throw error
        }
        p.open?.binEnd += bytes.count
        p.open?.listEnd += line.count
        p.rolls[p.rolls.count - 1].jobs.append(job)
        p.latest[name] = roll.number
    }

    private func write(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = retryingEINTR { writeBytes(fd, UnsafeRawBufferPointer(rebasing: buffer[done...]), off_t(offset + done)) }
                guard n > 0 else { throw FileError(errno: n < 0 ? errno : EIO, path: path, operation: "write") }
                done += n
            }
        }
    }

    /// Ends the roll being written when it has taken jobs for ``rollSpan``, and removes the rolls
    /// beyond the limits (and their jobs' pictures). The printer's status poll calls it.
    public func trim(now: Date = Date()) {
        files.withLock { _ in
            let gone = paper.withLock { p -> [SpoolRoll] in
                if let roll = p.open, now.timeIntervalSince(roll.firstAt) >= rollSpan { p.close() }
                return p.evict(limits, now: now)
            }
            remove(gone)
        }
    }

    /// Unlinks removed rolls and the pictures of the jobs no roll holds any more (under ``files``).
    private func remove(_ rolls: [SpoolRoll]) {
        guard !rolls.isEmpty else { return }
        let pictures = paper.withLock { p in
            rolls.flatMap(\.jobs).map(\.name).filter { p.latest[$0] == nil && p.pictured.remove($0) != nil }
        }
        for roll in rolls {
            unlink(path(SpoolRoll.name(roll.number), "bin"))
            unlink(path(SpoolRoll.name(roll.number), "jobs"))
        }
        for name in pictures { unlink(path(name, "png")) }
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
                if s.previews.count > Self.previewBacklog { s.previews.removeFirst(s.previews.count - Self.previewBacklog) }
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

    /// Writes a job's picture unless the job left the paper meanwhile (or `still` says no): a
    /// picture never outlives its paper.
    private func write(_ picture: PaperRenderer.Result, of name: String, if still: () -> Bool = { true }) {
        files.withLock { _ in
            guard still(), paper.withLock({ $0.latest[name] != nil }) else { return }
            if (try? picture.bitmap.writePNG(toPath: path(name, "png"))) != nil { paper.withLock { _ = $0.pictured.insert(name) } }
        }
    }

    /// Draws every picture asked for so far — those still waiting and the one being drawn, on the
    /// caller's task at the hall's priority rather than waiting for the pictures' thread (tests,
    /// and `hall bench` before it measures the folder).
    public func settle() async {
        let waiting = state.withLock { s in
            defer {
                s.previews = []
                s.current = nil
            }
            return (s.current.map { [($0.document, $0.name)] } ?? []) + s.previews.suffix(Self.previewBacklog)
        }
        for (document, name) in waiting {
            if let picture = try? renderer.render(document) { write(picture, of: name) }
        }
    }
}

/// The roll being written.
private struct OpenRoll {
    let number: Int
    /// The `.bin`'s path.
    let path: String
    let bin: Int32
    let list: Int32
    /// The folder it lies in: a folder removed and made again (or put back) gets a roll of its own.
    let device: dev_t
    let inode: ino_t
    var binEnd: Int
    var listEnd: Int
    let firstAt: Date
}

/// What the keeper knows of its folder's paper.
private struct Paper {
    /// Oldest first; while ``open`` is set, the last is the one being written.
    var rolls: [SpoolRoll] = []
    var open: OpenRoll?
    var nextRoll = 1
    /// The jobs whose picture is in the folder.
    var pictured: Set<String> = []
    /// Each job on the rolls, with the roll of its latest print.
    var latest: [String: Int] = [:]

    /// Whether ``evict(_:now:)`` would take a roll: checked after every job, which costs it a sum
    /// over the dozen rolls until one is due.
    func evictionDue(_ limits: SpoolLimits, now: Date) -> Bool { going(limits, now: now) > 0 }

    /// How many of the oldest rolls are beyond `limits` (never the one being written): each whose
    /// first job is past the age, or whose newer rolls hold `maxJobs` jobs.
    private func going(_ limits: SpoolLimits, now: Date) -> Int {
        let closed = open == nil ? rolls.count : rolls.count - 1
        var newer = rolls.reduce(0) { $0 + $1.jobs.count }
        var gone = 0
        while gone < closed {
            let roll = rolls[gone]
            newer -= roll.jobs.count
            let old = roll.jobs.first.map { now.timeIntervalSince($0.at) > limits.maxAge } ?? true
            guard old || newer >= limits.maxJobs else { break }
            gone += 1
        }
        return gone
    }

    mutating func close() {
        guard let roll = open else { return }
        Glibc.close(roll.bin)
        Glibc.close(roll.list)
        open = nil
    }

    /// Reads what `folder` holds: its rolls (half a job at a roll's end cut off, a roll without a
    /// whole job removed) and its pictures. Files of no roll's job go: the pictures of jobs gone,
    /// and what an earlier version of the hall wrote (a `.bin` per job, a spare folder beside).
    mutating func load(_ folder: String, now: Date) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let numbers = Set(names.compactMap { SpoolRoll.number(of: $0, ext: "jobs") ?? SpoolRoll.number(of: $0, ext: "bin") })
        for number in numbers.sorted() {
            let (roll, binEnd, listEnd) = SpoolRoll.read(number, in: folder)
            let base = folder + "/" + SpoolRoll.name(number)
            nextRoll = max(nextRoll, number + 1)
            guard !roll.jobs.isEmpty else {
                unlink(base + ".bin")
                unlink(base + ".jobs")
                continue
            }
            _ = truncate(base + ".bin", off_t(binEnd))
            _ = truncate(base + ".jobs", off_t(listEnd))
            rolls.append(roll)
            for job in roll.jobs { latest[job.name] = number }
        }
        for name in names where SpoolRoll.number(of: name, ext: "jobs") == nil && SpoolRoll.number(of: name, ext: "bin") == nil {
            let job = (name as NSString).deletingPathExtension
            if name.hasSuffix(".png"), latest[job] != nil {
                pictured.insert(job)
            } else if name.hasSuffix(".png") || name.hasSuffix(".bin") || AtomicFile.isTemporaryName(name) {
                unlink(folder + "/" + name)
            }
        }
        let (parent, name) = AtomicFile.split(folder)
        try? FileManager.default.removeItem(atPath: parent + "/." + name + ".spare")
    }

    /// Takes out the rolls beyond `limits`, oldest first (never the one being written); answers them.
    mutating func evict(_ limits: SpoolLimits, now: Date) -> [SpoolRoll] {
        let gone = going(limits, now: now)
        let removed = Array(rolls.prefix(gone))
        rolls.removeFirst(gone)
        for roll in removed {
            for job in roll.jobs where latest[job.name] == roll.number { latest[job.name] = nil }
        }
        return removed
    }
}
