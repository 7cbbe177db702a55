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
    /// `<data dir>/held-prints`: each printer's held jobs (`<printer id>.json`, 0600), so a restart
    /// journals the ones it lost.
    public let heldDirectory: URL
    /// Each printer's queue, by printer id.
    let printers: [String: PrinterSlot]
    let layouts: [String: Layout]
    /// What printers report, for the printing service to turn into device events.
    let printerEvents: AsyncStream<(printer: String, event: PrintQueueEvent)>
    /// Each ticket's print report, from the printing service to the kiosk's answer.
    let ticketPrints = PrintReport.Handover()
    public let scanDesk: ScanDesk

    /// One printer: what the hall file says and its queue.
    struct PrinterSlot: Sendable {
        var setup: PrinterSetup
        var queue: PrintQueue
    }

    /// Sets up the queues (no device is opened yet). Without any printer configured, the kiosk gets a
    /// virtual printer spooling into `<data dir>/spool/kiosk-printer`.
    public convenience init(setup: DeviceSetup, catalog: DeviceCatalog = DeviceCatalog(), dataDirectory: String) throws {
        try self.init(setup: setup, catalog: catalog, dataDirectory: dataDirectory, transport: DeviceHub.transport)
    }

    /// `transport` reaches each printer (tests stand a printer of their own there).
    init(
        setup: DeviceSetup, catalog: DeviceCatalog, dataDirectory: String,
        transport: (PrinterSetup, PrinterProfile, URL) -> any PrinterTransport
    ) throws {
        self.setup = setup
        self.catalog = catalog
        spoolDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("spool")
        heldDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("held-prints")
        let (events, sink) = AsyncStream.makeStream(
            of: (printer: String, event: PrintQueueEvent).self, bufferingPolicy: .bufferingNewest(1_024))
        printerEvents = events
        var printerSetups = setup.printers
        if printerSetups.isEmpty {
            printerSetups = [PrinterSetup(id: "kiosk-printer", role: .kiosk, profile: PrinterProfile.virtual80.id, transport: .virtual)]
        }
        var printers: [String: PrinterSlot] = [:]
        for printer in printerSetups {
            let profile = try catalog.printerProfile(printer.profile)
            let link = transport(printer, profile, spoolDirectory)
            let id = printer.id
            let queue = PrintQueue(profile: profile, transport: link) { event in sink.yield((id, event)) }
            printers[id] = PrinterSlot(setup: printer, queue: queue)
        }
        self.printers = printers
        layouts = try catalog.layouts()
        for name in ["ticket", "receipt", "notice", "refusal", "referral"] where layouts[name] == nil {  // refusal, referral: cases (办件)
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
                    .reportDevice(
                        deviceID: slot.setup.id, kind: "printer", window: Self.window(of: slot.setup.role),
                        status: DeviceState.Status(status)))
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

    /// Where `printer`'s held jobs are listed.
    func heldManifest(_ printer: String) -> URL { heldDirectory.appendingPathComponent("\(printer).json") }

    /// The printer standing at `role`.
    func printer(for role: PrinterRole) -> PrinterSlot? { printers.values.first { $0.setup.role == role } }

    /// The device-status kind and window of a printer.
    static func window(of role: PrinterRole) -> Int? {
        if case .window(let n) = role { return n }
        return nil
    }
}
