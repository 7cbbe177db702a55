import Foundation
import HallCore
import HallDevices
import Synchronization

/// Whether a printout reached the paper: the `print` field of the kiosk's ticket answer and of a
/// window's receipt or notice answer.
///
/// ```json
/// {"printer": "kiosk-printer", "printed": false, "status": "paperOut",
///  "message": {"zh": "打印机缺纸，暂未打印，恢复后自动补打", "en": "Not printed yet (…); it prints when the printer recovers"}}
/// ```
///
/// The kiosk's answer never waits for paper longer than ``kioskDeadline``: a ticket still on its way
/// is reported ``pending(printer:)`` and prints all the same. ``Handover`` carries each ticket's
/// report from the printing service to the request waiting for it.
public struct PrintReport: Codable, Sendable, Hashable {
    /// The printer's id, nil when none stands there.
    public var printer: String?
    public var printed: Bool
    /// The printer's status, or `pending`, `none` (no printer), `error` (no document) for the printout.
    public var status: DeviceState.Status
    /// For the screen, Chinese first; nil when printed.
    public var message: LocalizedText?

    /// How long the kiosk's answer waits for the ticket's paper before it answers `pending`: a
    /// ready printer has taken the ticket by then; a slow or stalled one makes the answer `pending`,
    /// and the outcome follows on the live feed (``LateReport``) when the printer has it.
    public static let kioskDeadline: Duration = .milliseconds(5)

    /// What the printer's queue did with the job.
    init(_ outcome: PrintOutcome, printer: String) {
        switch outcome {
        case .printed:
            self.init(printer: printer, printed: true, status: .ok, message: nil)
        case .held(let status, let reason):
            let status = DeviceState.Status(status)
            self.init(
                printer: printer, printed: false, status: status,
                message: LocalizedText(
                    zh: "打印机\(status.label.zh)，暂未打印，恢复后自动补打", en: "Not printed yet (\(reason)); it prints when the printer recovers"))
        }
    }

    init(printer: String?, printed: Bool, status: DeviceState.Status, message: LocalizedText?) {
        self.printer = printer
        self.printed = printed
        self.status = status
        self.message = message
    }

    /// Sent to the printer, not done within the deadline: the number is on the screen, the paper follows.
    static func pending(printer: String?) -> PrintReport {
        PrintReport(
            printer: printer, printed: false, status: .pending,
            message: LocalizedText(
                zh: "号票正在打印，如未出票请记住屏幕上的号码", en: "The ticket is printing; if no paper comes out, note the number on the screen"))
    }

    /// Nobody will tell: the printing service stopped.
    static let unknown = PrintReport(
        printer: nil, printed: false, status: .unknown,
        message: LocalizedText(zh: "号票打印情况不明，请记住屏幕上的号码", en: "The ticket may not have been printed: note the number on the screen"))

    /// The kiosk has no printer.
    static let noKioskPrinter = PrintReport(
        printer: nil, printed: false, status: .noPrinter,
        message: LocalizedText(zh: "取号机未配置打印机，请记住屏幕上的号码", en: "The kiosk has no printer: note the number on the screen"))

    /// The document could not be made (a layout problem), so nothing was queued.
    static func failed(printer: String) -> PrintReport {
        PrintReport(
            printer: printer, printed: false, status: .printFailed,
            message: LocalizedText(zh: "号票打印失败，请记住屏幕上的号码", en: "The ticket could not be printed: note the number on the screen"))
    }

    /// Hands each ticket's report from the printing service to the kiosk request waiting for it.
    final class Handover: Sendable {
        private struct Waiter {
            var id: Int
            var continuation: CheckedContinuation<PrintReport, Never>
        }

        private struct State {
            var reports: [String: PrintReport] = [:]
            var order: [String] = []
            var waiters: [String: [Waiter]] = [:]
            /// Tickets whose answer went out `pending`: their report goes to the live feed instead.
            var late: Set<String> = []
            var lateOrder: [String] = []
            var nextWaiter = 0
            /// Set while a printing service listens to the bus: only then does a kiosk request wait.
            var attached = false
        }

        private let state = Mutex(State())

        func attach() { state.withLock { $0.attached = true } }

        /// The printing service is gone: nobody will post again; waiting requests get ``unknown``.
        func detach() {
            let waiting = state.withLock { s in
                s.attached = false
                defer { s.waiters = [:] }
                return s.waiters.values.flatMap { $0 }
            }
            for waiter in waiting { waiter.continuation.resume(returning: .unknown) }
        }

        /// The printing service's report for `visitID`; kept (the last 256) for a request that comes
        /// later. Returns true when the kiosk's answer has already gone out `pending`: then the
        /// report is for the live feed.
        @discardableResult
        func post(_ visitID: String, _ report: PrintReport) -> Bool {
            let (waiting, late) = state.withLock { s -> ([Waiter], Bool) in
                if let list = s.waiters.removeValue(forKey: visitID) { return (list, false) }
                if s.late.remove(visitID) != nil { return ([], true) }
                s.reports[visitID] = report
                s.order.append(visitID)
                if s.order.count > 256 { s.reports.removeValue(forKey: s.order.removeFirst()) }
                return ([], false)
            }
            for waiter in waiting { waiter.continuation.resume(returning: report) }
            return late
        }

        /// The report for `visitID`, waiting at most `deadline` for the printing service (then
        /// `ifLate`); nil when no printing service is attached.
        func report(for visitID: String, within deadline: Duration, ifLate: PrintReport) async -> PrintReport? {
            enum Found { case report(PrintReport), detached, wait }
            let found = state.withLock { s -> Found in
                if let report = s.reports.removeValue(forKey: visitID) { return .report(report) }
                return s.attached ? .wait : .detached
            }
            switch found {
            case .report(let report): return report
            case .detached: return nil
            case .wait: break
            }
            return await withCheckedContinuation { continuation in
                let now = state.withLock { s -> PrintReport? in
                    if let report = s.reports.removeValue(forKey: visitID) { return report }
                    if !s.attached { return .unknown }
                    s.nextWaiter += 1
                    s.waiters[visitID, default: []].append(Waiter(id: s.nextWaiter, continuation: continuation))
                    Task { [id = s.nextWaiter] in
                        try? await Task.sleep(for: deadline)
                        self.expire(visitID, waiter: id, with: ifLate)
                    }
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        }

        /// The deadline passed: the waiter gets `report` unless the real one came first.
        private func expire(_ visitID: String, waiter id: Int, with report: PrintReport) {
            let waiter = state.withLock { s -> Waiter? in
                guard let index = s.waiters[visitID]?.firstIndex(where: { $0.id == id }) else { return nil }
                let waiter = s.waiters[visitID]!.remove(at: index)
                if s.waiters[visitID]!.isEmpty { s.waiters.removeValue(forKey: visitID) }
                s.late.insert(visitID)
                s.lateOrder.append(visitID)
                if s.lateOrder.count > 1_024 { s.late.remove(s.lateOrder.removeFirst()) }
                return waiter
            }
            waiter?.continuation.resume(returning: report)
        }
    }
}

/// `{"kind":"ticketPrint","visitID":"20261123-A012","print":{…}}` on the live feed, to every screen:
/// the print report of a ticket whose answer went out `pending`, once the printer has it. The kiosk
/// replaces its "printing…" line with it. Nothing personal: the visit's id and the printer's state.
struct LateReport: Encodable {
    var kind = "ticketPrint"
    var visitID: String
    var print: PrintReport
}
