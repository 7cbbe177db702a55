import Foundation
import HallConfig
import HallCore
import HallDevices
import Logging
import Synchronization

/// The hall's devices as the runtime drives them: the printers' queues, the layouts, the button and
/// bus readers' setup, the scan desk. Built once from the stored ``DeviceSetup``.
public final class DeviceHub: Sendable {
    public let setup: DeviceSetup
    public let catalog: DeviceCatalog
    /// `<data dir>/spool`: where virtual printers write.
    public let spoolDirectory: URL
    /// Each printer's queue, by printer id.
    let printers: [String: PrinterSlot]
    let layouts: [String: Layout]
    /// What printers report, for the printing service to turn into device events.
    let printerEvents: AsyncStream<(printer: String, event: PrintQueueEvent)>
    let ticketPrints = TicketPrintOutcomes()
    public let scanDesk: ScanDesk

    /// One printer: what the hall file says and its queue.
    struct PrinterSlot: Sendable {
        var setup: PrinterSetup
        var queue: PrintQueue
    }

    /// Sets up the queues (no device is opened yet). Without any printer configured, the kiosk gets a
    /// virtual printer spooling into `<data dir>/spool/kiosk-printer`.
    public init(setup: DeviceSetup, catalog: DeviceCatalog = DeviceCatalog(), dataDirectory: String) throws {
        self.setup = setup
        self.catalog = catalog
        spoolDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("spool")
        let (events, sink) = AsyncStream.makeStream(of: (printer: String, event: PrintQueueEvent).self, bufferingPolicy: .bufferingNewest(1_024))
        printerEvents = events
        var printerSetups = setup.printers
        if printerSetups.isEmpty {
            printerSetups = [PrinterSetup(id: "kiosk-printer", role: .kiosk, profile: PrinterProfile.virtual80.id, transport: .virtual)]
        }
        var printers: [String: PrinterSlot] = [:]
        for printer in printerSetups {
            let profile = try catalog.printerProfile(printer.profile)
            let transport = Self.transport(printer, profile: profile, spool: spoolDirectory)
            let id = printer.id
            let queue = PrintQueue(profile: profile, transport: transport) { event in sink.yield((id, event)) }
            printers[id] = PrinterSlot(setup: printer, queue: queue)
        }
        self.printers = printers
        layouts = try catalog.layouts()
        for name in ["ticket", "receipt", "notice"] where layouts[name] == nil {
            throw DeviceSetupError("the layout \(name).layout is missing in \(catalog.layoutsDirectory.path)")
        }
        scanDesk = try ScanDesk(setup: setup, archiveRoot: URL(fileURLWithPath: dataDirectory).appendingPathComponent("scans").path)
    }

    /// Asks every printer for its status and journals it, so the snapshot shows the printers from the
    /// start. Called once when the hall opens, before any request.
    func reportInitialStatuses(to hall: Hall, logger: Logger) async {
        for slot in printers.values.sorted(by: { $0.setup.id < $1.setup.id }) {
            let status = await slot.queue.refreshStatus()
            do {
                try await hall.execute(
                    .reportDevice(deviceID: slot.setup.id, kind: "printer", window: Self.window(of: slot.setup.role), status: status.rawValue))
            } catch {
                logger.error("printer status not journaled", metadata: ["printer": "\(slot.setup.id)", "error": "\(error)"])
            }
        }
    }

    static func transport(_ printer: PrinterSetup, profile: PrinterProfile, spool: URL) -> any PrinterTransport {
        switch printer.transport {
        case .virtual: VirtualPrinter(directory: spool.appendingPathComponent(printer.id), profile: profile)
        case .usb: LibUSBTransport(profile: profile)
        case .usblp(let path): UsbLpTransport(path: path, realtimeStatus: profile.realtimeStatus)
        case .cups(let queue): CupsTransport(queue: queue)
        case .tcp(let host, let port): TCPTransport(host: host, port: UInt16(clamping: port), realtimeStatus: profile.realtimeStatus)
        }
    }

    /// The printer standing at `role`.
    func printer(for role: PrinterRole) -> PrinterSlot? { printers.values.first { $0.setup.role == role } }

    /// The device-status kind and window of a printer.
    static func window(of role: PrinterRole) -> Int? {
        if case .window(let n) = role { return n }
        return nil
    }
}

/// Hands each ticket's print outcome from the printing service to the kiosk request waiting for it.
final class TicketPrintOutcomes: Sendable {
    private struct State {
        var outcomes: [String: TicketPrintStatus] = [:]
        var order: [String] = []
        var waiters: [String: [CheckedContinuation<TicketPrintStatus, Never>]] = [:]
        /// Set while a printing service listens to the bus: only then does a kiosk request wait.
        var attached = false
    }

    private let state = Mutex(State())

    func attach() { state.withLock { $0.attached = true } }

    /// The printing service is gone: nobody will post again; waiting requests get `unknown`.
    func detach() {
        let waiting = state.withLock { s in
            s.attached = false
            defer { s.waiters = [:] }
            return s.waiters.values.flatMap { $0 }
        }
        for waiter in waiting { waiter.resume(returning: .unknown) }
    }

    func post(_ visitID: String, _ status: TicketPrintStatus) {
        let waiting = state.withLock { s -> [CheckedContinuation<TicketPrintStatus, Never>] in
            if let list = s.waiters.removeValue(forKey: visitID) { return list }
            s.outcomes[visitID] = status
            s.order.append(visitID)
            if s.order.count > 256 { s.outcomes.removeValue(forKey: s.order.removeFirst()) }
            return []
        }
        for waiter in waiting { waiter.resume(returning: status) }
    }

    /// The outcome for `visitID`, waiting for the printing service if it has not got there yet;
    /// nil when no printing service is attached.
    func outcome(for visitID: String) async -> TicketPrintStatus? {
        enum Found { case status(TicketPrintStatus), detached, wait }
        let found = state.withLock { s -> Found in
            if let status = s.outcomes.removeValue(forKey: visitID) { return .status(status) }
            return s.attached ? .wait : .detached
        }
        switch found {
        case .status(let status): return status
        case .detached: return nil
        case .wait: break
        }
        return await withCheckedContinuation { continuation in
            let now = state.withLock { s -> TicketPrintStatus? in
                if let status = s.outcomes.removeValue(forKey: visitID) { return status }
                if !s.attached { return .unknown }
                s.waiters[visitID, default: []].append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }
}

/// Whether a ticket (or receipt, notice) reached the paper, for the kiosk and the clerk.
public struct TicketPrintStatus: Codable, Sendable, Hashable {
    /// The printer's id, nil when none stands there.
    public var printer: String?
    public var printed: Bool
    /// The printer's status: `ok`, `paperOut`, `coverOpen`, `offline`, `unplugged`, `unknown`.
    public var status: String
    /// For the screen, Chinese first; nil when printed.
    public var message: LocalizedText?

    static let unknown = TicketPrintStatus(
        printer: nil, printed: false, status: "unknown",
        message: LocalizedText(zh: "号票打印情况不明，请记住屏幕上的号码", en: "The ticket may not have been printed: note the number on the screen"))
}
