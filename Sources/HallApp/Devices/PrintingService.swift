import Foundation
import HallConfig
import HallCore
import HallDevices
import Logging
import ServiceLifecycle

/// Prints what the hall asks for and tells the hall how its printers are.
///
/// Subscribes to the event bus when it is created (so no ticket issued after that is missed): each
/// `ticketIssued` is printed on the kiosk's printer and its outcome handed to the kiosk request. A
/// printer's status changes become `deviceStatusChanged` events; jobs a printer could not take stay
/// in its queue and are sent when a status poll finds it ready again. A ticket is never lost: the
/// number is issued before it is printed, and the kiosk shows it when the paper cannot.
///
/// Held paper does not pile up: a ticket is worth printing for ``ticketHold`` (the resident has the
/// number on screen and is called long before), a receipt or notice for ``documentHold``, nothing
/// past the end of the hall's day; each printer holds at most ``holdCapacity`` jobs. Every job given
/// up, and every one a restart lost, is journaled as `printJobDropped` with its visit and reason.
struct PrintingService: ServiceLifecycle.Service {
    let hall: Hall
    let devices: DeviceHub
    let logger: Logger
    let feed: AsyncStream<FeedMessage>
    /// How often held jobs are retried and statuses polled.
    let pollInterval: Duration
    /// How long a held ticket is worth printing (by default the hall file's default `limits:`).
    var ticketHold = TimeInterval(HallLimits.PrintHold().ticketMinutes * 60)
    /// How long a held receipt or notice is worth printing (never past the end of the day).
    var documentHold = TimeInterval(HallLimits.PrintHold().documentMinutes * 60)
    /// How many jobs each printer holds at most.
    var holdCapacity = HallLimits.PrintHold().jobs

    /// Takes the hall file's `limits: print_hold:`.
    mutating func hold(_ limits: HallLimits.PrintHold) {
        ticketHold = TimeInterval(limits.ticketMinutes * 60)
        documentHold = TimeInterval(limits.documentMinutes * 60)
        holdCapacity = limits.jobs
    }

    init(hall: Hall, devices: DeviceHub, logger: Logger, pollInterval: Duration = .seconds(5)) {
        self.hall = hall
        self.devices = devices
        self.logger = logger
        self.pollInterval = pollInterval
        feed = hall.bus.subscribeInProcess("printing")
        devices.ticketPrints.attach()
    }

    func run() async throws {
        await holdPrints()
        try? await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await printTickets() }
                group.addTask { await reportStatuses() }
                group.addTask { await poll() }
            }
        }
        devices.ticketPrints.detach()
    }

    private func printTickets() async {
        for await message in feed {
            guard Task.isCancelled == false else { break }
            guard let entry = message.entry, case .ticketIssued(let ticket) = entry.event else { continue }
            let report = await printTicket(ticket, at: entry.at)
            devices.ticketPrints.post(ticket.visitID, report)
        }
        devices.ticketPrints.detach()
    }

    /// Gives every printer the hall's clock, lifetimes and manifest, after journaling what the last
    /// run left held (those bytes were in memory: they are lost, and said so).
    func holdPrints() async {
        let clock = hall.clock
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        let (ticketHold, documentHold) = (self.ticketHold, self.documentHold)
        let lifetime: @Sendable (String, Date) -> Date? = { id, at in
            let endOfDay = LocalDate.local(at, utcOffsetMinutes: offset).date.adding(days: 1).instant(minute: 0, utcOffsetMinutes: offset)
            return min(endOfDay, at.addingTimeInterval(id.hasPrefix("ticket-") ? ticketHold : documentHold))
        }
        for slot in devices.printers.values.sorted(by: { $0.setup.id < $1.setup.id }) {
            let manifest = devices.heldManifest(slot.setup.id)
            for record in PrintQueue.leftovers(in: manifest) {
                let expired = record.expiresAt.map { $0 <= clock.now() } ?? false
                await journalDrop(slot.setup.id, jobID: record.id, reason: expired ? .expired : .restart)
            }
            await slot.queue.setPolicy(
                PrintHoldPolicy(capacity: holdCapacity, now: { clock.now() }, lifetime: lifetime, manifest: manifest))
        }
    }

    /// The visit a job's paper was for: `ticket-20261123-A001` → `20261123-A001`.
    static func visitID(ofJob id: String) -> String? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        let rest = id[id.index(after: dash)...]
        return rest.isEmpty ? nil : String(rest)
    }

    private func journalDrop(_ printer: String, jobID: String, reason: PrintDropReason) async {
        logger.warning("print job dropped", metadata: ["printer": "\(printer)", "job": "\(jobID)", "reason": "\(reason.rawValue)"])
        do {
            try await hall.execute(
                .reportDroppedPrint(deviceID: printer, jobID: jobID, visitID: Self.visitID(ofJob: jobID), reason: reason.rawValue))
        } catch {
            logger.error("dropped print job not journaled", metadata: ["printer": "\(printer)", "job": "\(jobID)", "error": "\(error)"])
        }
    }

    /// Prints one ticket on the kiosk's printer.
    func printTicket(_ ticket: HallEvent.TicketIssued, at: Date) async -> PrintReport {
        guard let printer = devices.printer(for: .kiosk) else { return .noKioskPrinter }
        let configuration = await hall.configuration
        do {
            let document = try devices.layouts["ticket"]!.document(PrintValues.ticket(ticket, at: at, configuration: configuration))
            let outcome = try await printer.queue.submit(document, id: "ticket-\(ticket.visitID)")
            return PrintReport(outcome, printer: printer.setup.id)
        } catch {
            logger.error("ticket \(ticket.number) could not be printed", metadata: ["error": "\(error)"])
            return .failed(printer: printer.setup.id)
        }
    }

    /// Turns the printers' status changes into device events.
    private func reportStatuses() async {
        for await (printerID, event) in devices.printerEvents {
            switch event {
            case .statusChanged(let status):
                guard let slot = devices.printers[printerID] else { continue }
                await report(slot, status)
            case .held(let job, let status, let reason):
                logger.warning(
                    "print job held", metadata: ["printer": "\(printerID)", "job": "\(job)", "status": "\(status)", "reason": "\(reason)"])
            case .dropped(let job, let reason):
                await journalDrop(printerID, jobID: job, reason: reason)
            case .printed:
                break
            }
        }
    }

    private func report(_ slot: DeviceHub.PrinterSlot, _ status: DeviceStatus) async {
        do {
            try await hall.execute(
                .reportDevice(
                    deviceID: slot.setup.id, kind: "printer", window: DeviceHub.window(of: slot.setup.role),
                    status: DeviceState.Status(status)))
        } catch {
            logger.error("printer status not journaled", metadata: ["printer": "\(slot.setup.id)", "error": "\(error)"])
        }
    }

    /// Asks every printer for its status now and then; a ready printer gets its held jobs.
    private func poll() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: pollInterval) } catch { return }
            for slot in devices.printers.values { await slot.queue.refreshStatus() }
        }
    }
}
