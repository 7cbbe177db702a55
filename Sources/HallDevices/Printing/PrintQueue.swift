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
}

/// A printer's queue: encodes documents, sends them in order, and keeps every job that fails until
/// the printer is ready again. A job is never dropped; the caller is told at once when one is held
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

    public init(
        profile: PrinterProfile, transport: any PrinterTransport,
        onEvent: @escaping @Sendable (PrintQueueEvent) -> Void = { _ in }
    ) {
        self.profile = profile
        self.transport = transport
        self.encoder = EscPosEncoder(profile: profile)
        self.onEvent = onEvent
        self.line = BlockingThread(name: "printer")
    }

    /// Encodes and queues the document, then sends everything that can be sent.
    /// Returns what became of this job.
    public func submit(_ document: PrintDocument, id: String) async throws -> PrintOutcome {
        let job = PrintJob(id: id, bytes: try encoder.encode(document), document: document)
        pending.append(job)
        await flush()
        if pending.contains(where: { $0.id == id }) {
            return .held(status, reason: lastFailure ?? "waiting behind held jobs")
        }
        return .printed
    }

    /// Asks the printer for its status; when it is ready, sends the held jobs.
    @discardableResult
    public func refreshStatus() async -> DeviceStatus {
        let transport = self.transport
        update(await line.run { transport.status() })
        if status.canPrint || status == .unknown { await flush() }
        return status
    }

    private var lastFailure: String?
    /// True while a flush is sending; later flushes wait for it (it sends their jobs too).
    private var flushing = false
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []

    /// Sends pending jobs in order until one fails. One flush at a time: a call made while another
    /// is sending returns when that one ends, which has then sent or held the caller's job.
    private func flush() async {
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
        while let job = pending.first {
            do {
                try await line.run { () throws -> Void in try transport.send(job) }
                pending.removeFirst()
                lastFailure = nil
                if !status.canPrint { update(.ok) }
                onEvent(.printed(jobID: job.id))
            } catch {
                let failure = error as? TransportError ?? TransportError(.unknown, "\(error)")
                lastFailure = failure.message
                update(failure.status)
                onEvent(.held(jobID: job.id, status: failure.status, reason: failure.message))
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
