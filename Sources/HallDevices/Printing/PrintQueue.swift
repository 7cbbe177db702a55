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
/// Transports block for at most their timeouts; this actor serialises them per printer.
public actor PrintQueue {
    public nonisolated let profile: PrinterProfile
    public nonisolated let transport: any PrinterTransport
    let encoder: EscPosEncoder
    let onEvent: @Sendable (PrintQueueEvent) -> Void

    public private(set) var status: DeviceStatus = .unknown
    /// Jobs not yet printed, oldest first.
    public private(set) var pending: [PrintJob] = []

    public init(profile: PrinterProfile, transport: any PrinterTransport, onEvent: @escaping @Sendable (PrintQueueEvent) -> Void = { _ in }) {
        self.profile = profile
        self.transport = transport
        self.encoder = EscPosEncoder(profile: profile)
        self.onEvent = onEvent
    }

    /// Encodes and queues the document, then sends everything that can be sent.
    /// Returns what became of this job.
    public func submit(_ document: PrintDocument, id: String) throws -> PrintOutcome {
        let job = PrintJob(id: id, bytes: try encoder.encode(document), document: document)
        pending.append(job)
        flush()
        if pending.contains(where: { $0.id == id }) {
            return .held(status, reason: lastFailure ?? "waiting behind held jobs")
        }
        return .printed
    }

    /// Asks the printer for its status; when it is ready, sends the held jobs.
    @discardableResult
    public func refreshStatus() -> DeviceStatus {
        update(transport.status())
        if status.canPrint || status == .unknown { flush() }
        return status
    }

    private var lastFailure: String?

    /// Sends pending jobs in order until one fails.
    private func flush() {
        while let job = pending.first {
            do {
                try transport.send(job)
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
