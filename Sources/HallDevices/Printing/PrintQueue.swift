import Foundation

/// What became of a submitted job.
public enum PrintOutcome: Sendable, Hashable {
    /// All bytes reached the printer's transport.
    case printed
    /// Kept in the queue, to be sent when the printer is ready again; the status says why.
    case held(DeviceStatus, reason: String)
}

/// What the hall hears from a printer queue (it turns these into device events).
public enum PrintQueueEvent: Sendable, Hashable {
    case statusChanged(DeviceStatus)
    case printed(jobID: String)
    case held(jobID: String, status: DeviceStatus, reason: String)
    /// A held job was given up: it will never print.
    case dropped(jobID: String, reason: PrintDropReason)
}

/// Why a held job was given up.
public enum PrintDropReason: String, Sendable, Hashable, Codable {
    /// Its time ran out (``PrintHoldPolicy/lifetime``): nobody needs the paper any more.
    case expired
    /// The printer's hold was full: the oldest job goes first.
    case overflow
    /// The hall restarted while the job was held (see ``PrintQueue/leftovers(in:)``).
    case restart
}

/// How long and how many jobs a printer keeps while it cannot print.
public struct PrintHoldPolicy: Sendable {
    /// At most this many jobs wait while the printer cannot print; a new one beyond it drops the
    /// oldest (``PrintDropReason/overflow``). A printer that prints keeps every job of a burst.
    public var capacity: Int
    /// The time now (the hall's clock).
    public var now: @Sendable () -> Date
    /// When a job with this id, submitted at this instant, stops being worth printing; nil: never.
    public var lifetime: @Sendable (_ jobID: String, _ submittedAt: Date) -> Date?
    /// Where the held jobs' ids and expiry are kept (mode 0600) so a restart can tell which were lost.
    public var manifest: URL?

    public init(
        capacity: Int = 50, now: @escaping @Sendable () -> Date = { Date() },
        lifetime: @escaping @Sendable (String, Date) -> Date? = { _, _ in nil }, manifest: URL? = nil
    ) {
        self.capacity = max(1, capacity)
        self.now = now
        self.lifetime = lifetime
        self.manifest = manifest
    }
}

/// A held job as the manifest keeps it.
public struct HeldJobRecord: Sendable, Hashable, Codable {
    public var id: String
    public var expiresAt: Date?

    public init(id: String, expiresAt: Date?) {
        self.id = id
        self.expiresAt = expiresAt
    }
}

/// A printer's queue: encodes documents, sends them in order, and keeps a job that fails until the
/// printer is ready again, within its ``PrintHoldPolicy``: at most `capacity` jobs wait (the oldest
/// goes first), each until its lifetime runs out. A job is never dropped silently: every one given
/// up is a ``PrintQueueEvent/dropped(jobID:reason:)``. The caller is told at once when a job is held
/// (so the kiosk shows the number on screen while the paper waits).
///
/// ```swift
/// let queue = PrintQueue(profile: profile, transport: UsbLpTransport(path: "/dev/hall/lp-rongta-rp")) { event in … }
/// let outcome = await queue.submit(try layout.document(values), id: "A012")
/// // later, on a timer or a hot-plug event:
/// await queue.refreshStatus()   // resends held jobs once the printer reports ok
/// ```
///
/// Transports block for at most their timeouts (a usblp `write` to a stalled printer, for ever): every
/// transport call runs on the printer's own ``BlockingThread``, never on Swift's cooperative pool, so
/// a stalled printer stalls only its own queue. While a job is on the wire the actor stays free:
/// `status` answers, and jobs submitted meanwhile join the send already under way, in order.
public actor PrintQueue {
    public nonisolated let profile: PrinterProfile
    public nonisolated let transport: any PrinterTransport
    let encoder: EscPosEncoder
    let onEvent: @Sendable (PrintQueueEvent) -> Void
    /// The printer's own thread: transport calls run there, one at a time, in order.
    private let line: BlockingThread

    public private(set) var status: DeviceStatus = .unknown
    /// Jobs not yet printed, oldest first.
    public private(set) var pending: [PrintJob] = []
    /// Whether the manifest may exist: it is written once a job is held, and kept in step until none is.
    private var manifestWritten = false
    /// When each pending job stops being worth printing, by job id.
    private var expiry: [String: Date] = [:]
    /// The jobs on the wire now: they are never dropped while their bytes are being sent.
    private var inFlight: Set<String> = []
    /// Who waits for each pending job's outcome, by job id.
    private var outcomes: [String: [@Sendable (PrintOutcome) -> Void]] = [:]
    public private(set) var policy: PrintHoldPolicy

    public init(
        profile: PrinterProfile, transport: any PrinterTransport,
        policy: PrintHoldPolicy = PrintHoldPolicy(),
        onEvent: @escaping @Sendable (PrintQueueEvent) -> Void = { _ in }
    ) {
        self.policy = policy
        self.profile = profile
        self.transport = transport
        self.encoder = EscPosEncoder(profile: profile)
        self.onEvent = onEvent
        self.line = BlockingThread(name: "printer")
    }

    /// Encodes and queues the document, then sends everything that can be sent.
    /// Returns what became of this job.
    public func submit(_ document: PrintDocument, id: String) async throws -> PrintOutcome {
        let job = try PrintJob(id: id, bytes: encoder.encode(document), document: document)
        return await withCheckedContinuation { continuation in
            enqueue(job) { continuation.resume(returning: $0) }
        }
    }

    /// Encodes and queues the document and returns at once; `outcome` is called once, when the job
    /// has reached the printer's transport, or has been held (the printer cannot print now) or
    /// dropped. Jobs are sent in the order they were queued: a kiosk hands its tickets over one after
    /// another without waiting for the paper, and a burst of them goes out in one turn of the
    /// printer's thread.
    public func enqueue(_ document: PrintDocument, id: String, outcome: @escaping @Sendable (PrintOutcome) -> Void) throws {
        enqueue(try PrintJob(id: id, bytes: encoder.encode(document), document: document), outcome: outcome)
    }

    private func enqueue(_ job: PrintJob, outcome: @escaping @Sendable (PrintOutcome) -> Void) {
        if let expires = policy.lifetime(job.id, policy.now()) { expiry[job.id] = expires }
        dropped.removeAll { $0 == job.id }
        outcomes[job.id, default: []].append(outcome)
        pending.append(job)
        // The hold's bound is for a printer that cannot print: a printer that prints keeps every job
        // in order, however many a burst brings (each still expires with its lifetime).
        if !status.canPrint { dropOverflow() }
        if manifestWritten { writeManifest() }
        if !flushing && !flushScheduled {
            flushScheduled = true
            Task { await self.flush() }
        }
    }

    /// Tells whoever waits for `id` what became of it.
    private func resolve(_ id: String, _ outcome: PrintOutcome) {
        for tell in outcomes.removeValue(forKey: id) ?? [] { tell(outcome) }
    }

    /// Replaces the hold policy (the hall sets its clock, lifetimes and manifest when it starts).
    public func setPolicy(_ policy: PrintHoldPolicy) {
        self.policy = policy
        dropOverflow()
        dropExpired()
        manifestWritten = true
        writeManifest()
    }

    /// Gives up the held jobs whose lifetime has run out, oldest first.
    public func dropExpired() {
        let now = policy.now()
        for job in pending where !inFlight.contains(job.id) {
            if let expires = expiry[job.id], expires <= now { drop(job.id, .expired) }
        }
    }

    /// Ids of the jobs dropped lately (the last 64), so `submit` can tell its caller.
    private var dropped: [String] = []

    private func dropOverflow() {
        while pending.count > policy.capacity, let oldest = pending.first(where: { !inFlight.contains($0.id) }) {
            drop(oldest.id, .overflow)
        }
    }

    private func drop(_ id: String, _ reason: PrintDropReason) {
        pending.removeAll { $0.id == id }
        expiry.removeValue(forKey: id)
        dropped.append(id)
        if dropped.count > 64 { dropped.removeFirst() }
        onEvent(.dropped(jobID: id, reason: reason))
        resolve(id, .held(status, reason: "dropped: the printer's hold is full"))
        if manifestWritten { writeManifest() }
    }

    /// Keeps the pending jobs' ids and expiry in the manifest (0600), or removes it when none wait.
    /// Written only while jobs are held (a send failed): a job that goes straight to a ready
    /// printer is on the wire within a turn of its thread, and writing a file for each would make
    /// the manifest the slow part of printing.
    private func writeManifest() {
        guard let url = policy.manifest else { return }
        let records = pending.map { HeldJobRecord(id: $0.id, expiresAt: expiry[$0.id]) }
        if records.isEmpty {
            try? FileManager.default.removeItem(at: url)
            manifestWritten = false
            return
        }
        manifestWritten = true
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let temporary = url.appendingPathExtension("tmp")
            FileManager.default.createFile(
                atPath: temporary.path, contents: try encoder.encode(records), attributes: [.posixPermissions: 0o600])
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            // The manifest only lets a restart tell what was lost; printing goes on without it.
        }
    }

    /// The jobs a previous run left held in `manifest`, read and removed: they cannot print any more
    /// (their bytes were in memory only), so the hall journals them dropped.
    public static func leftovers(in manifest: URL) -> [HeldJobRecord] {
        defer { try? FileManager.default.removeItem(at: manifest) }
        guard let data = FileManager.default.contents(atPath: manifest.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode([HeldJobRecord].self, from: data)) ?? []
    }

    /// Asks the printer for its status; when it is ready, sends the held jobs.
    @discardableResult
    public func refreshStatus() async -> DeviceStatus {
        dropExpired()
        let transport = self.transport
        update(await line.run { transport.status() })
        if status.canPrint || status == .unknown { await flush() }
        return status
    }

    /// True while a flush is sending; later flushes wait for it (it sends their jobs too).
    private var flushing = false
    /// A flush has been asked for and not started yet.
    private var flushScheduled = false
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []

    /// How many jobs go to the printer's thread in one turn.
    static let batchSize = 64

    /// Sends pending jobs in order until one fails; then every job still pending is told it is held.
    /// One flush at a time: a call made while another is sending returns when that one ends, which
    /// has then sent or held the caller's job.
    private func flush() async {
        flushScheduled = false
        if flushing {
            await withCheckedContinuation { flushWaiters.append($0) }
            return
        }
        flushing = true
        defer {
            flushing = false
            for waiter in flushWaiters { waiter.resume() }
            flushWaiters = []
        }
        let transport = self.transport
        while true {
            dropExpired()
            guard !pending.isEmpty else { break }
            let batch = Array(pending.prefix(Self.batchSize))
            inFlight = Set(batch.map(\.id))
            let (sent, failure) = await line.run { () -> (Int, (any Error)?) in
                for (index, job) in batch.enumerated() {
                    do { try transport.send(job) } catch { return (index, error) }
                }
                return (batch.count, nil)
            }
            inFlight = []
            let printed = Set(batch.prefix(sent).map(\.id))
            pending.removeAll { printed.contains($0.id) }
            for job in batch.prefix(sent) {
                expiry.removeValue(forKey: job.id)
                dropped.removeAll { $0 == job.id }
                onEvent(.printed(jobID: job.id))
                resolve(job.id, .printed)
            }
            if sent > 0 {
                if !status.canPrint { update(.ok) }
                if manifestWritten { writeManifest() }
            }
            if let failure {
                let failure = failure as? TransportError ?? TransportError(.unknown, "\(failure)")
                update(failure.status)
                onEvent(.held(jobID: batch[sent].id, status: failure.status, reason: failure.message))
                dropOverflow()
                writeManifest()
                for job in pending {
                    resolve(job.id, .held(status, reason: failure.message))
                }
                return
            }
        }
    }

    private func update(_ new: DeviceStatus) {
        guard new != status else { return }
        status = new
        onEvent(.statusChanged(new))
    }
}

import HallPOSIX
