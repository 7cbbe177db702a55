import Foundation
import HallConfig
import HallCore
import HallStore
import HallDevices
import Hummingbird

/// What a window prints on its own printer about a visit's outcome, each printing journaled on the
/// visit (`documentPrinted`): the acceptance receipt (受理凭证, `POST /windows/{n}/print-receipt`),
/// the one-time notice of missing papers (一次性告知单, `print-notice`), the notice of refusal
/// (不予受理告知书, `print-refusal`) and the referral notice (告知单, `print-referral`). The
/// visit's outcome must be the document's (finish it with that outcome first, see
/// ``CaseOutcomeController``). 201 when the paper is out, 202 when the job waits for the printer.
struct PrintController {
    let hall: Hall
    let devices: DeviceHub
    let clock: any HallClock

    var endpoints: RouteCollection<HallRequestContext> {
        let routes = RouteCollection(context: HallRequestContext.self)
        let documents: [(String, CaseDocument)] = [
            ("print-receipt", .receipt), ("print-notice", .papersNotice), ("print-refusal", .refusalNotice),
            ("print-referral", .referralNotice),
        ]
        for (path, document) in documents {
            routes.post(RouterPath(stringLiteral: ":number/\(path)")) { request, context in
                let body = try await request.decode(as: ReceiptRequest.self, context: context)
                let number = try context.windowNumber()
                let account = try context.requireWindow(number)
                let visitID = try await target(number, visit: body.visit)
                return try await printPaper(document, visitID: visitID, window: number, by: account.staffID ?? account.username)
            }
        }
        return routes
    }

    /// Prints `document` for `visitID` at window `number` and journals it. Throws when the visit's
    /// outcome is not the document's, or the window has no printer.
    func printPaper(_ document: CaseDocument, visitID: String, window number: Int, by: String?) async throws
        -> EditedResponse<WindowPrintResult>
    {
        guard let printer = devices.printer(for: .window(number)) else {
            throw APIError(.conflict, "no_printer", zh: "\(number)号窗口未配置打印机", en: "Window \(number) has no printer")
        }
        // Checked before printing: a document for the wrong outcome never reaches the paper.
        let state = await hall.state
        let entry = try state.decide(.recordPrint(visitID: visitID, document: document, by: by), at: clock.now())
        let caseNumber: String? = if case .documentPrinted(_, _, let n, _) = entry.first { n } else { nil }
        let configuration = state.configuration
        let day = LocalDate.local(clock.now(), utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        let values: LayoutValues
        let date: LocalDate
        if document == .receipt, let record = caseNumber.flatMap({ state.cases.cases[$0] }) {
            values = PrintValues.receipt(record, window: number, configuration: configuration)
            date = record.promisedDate
        } else if let recorded = state.outcomes[visitID] {
            values = PrintValues.notice(document, recorded, secret: state.secret(of: visitID), on: day, configuration: configuration)
            date = configuration.schedule.adding(workingDays: PrintValues.noticeWorkingDays, to: day)
        } else {
            throw HallError(.notFound, "no_outcome", zh: "该办件尚无办理结果：\(visitID)", en: "No outcome is recorded for \(visitID)")
        }
        let layout = PrintValues.layout(document)
        let paper = try devices.layouts[layout]!.document(values)
        let report = PrintReport(try await printer.queue.submit(paper, id: "\(layout)-\(visitID)"), printer: printer.setup.id)
        try await hall.execute(.recordPrint(visitID: visitID, document: document, by: by))
        return EditedResponse(
            status: report.printed ? .created : .accepted,
            response: WindowPrintResult(
                document: layout, visitID: visitID, caseNumber: caseNumber, print: report, date: date))
    }

    /// The visit named, else the window's current visit, else the one it finished last (awaiting
    /// its rating); it must have been served at this window today.
    private func target(_ number: Int, visit requested: String?) async throws -> String {
        let state = await hall.state
        guard let window = state.windows[number] else {
            throw HallError(.notFound, "unknown_window", zh: "没有\(number)号窗口", en: "There is no window \(number)")
        }
        guard let id = requested ?? window.current ?? window.awaitingRating else {
            throw APIError(.conflict, "no_current_visit", zh: "\(number)号窗口当前没有办理中的号", en: "Window \(number) has no current visit")
        }
        guard let visit = state.visits[id] else {
            throw APIError(.notFound, "unknown_visit", zh: "没有该办件：\(id)", en: "Unknown visit: \(id)")
        }
        guard visit.window == number else {
            throw APIError(.forbidden, "other_window_visit", zh: "该办件不在\(number)号窗口办理", en: "That visit was not served at window \(number)")
        }
        return id
    }
}

/// Which visit a document is for: the window's current one (or the one it finished last) unless the
/// body names another served at that window today.
struct ReceiptRequest: Decodable {
    var visit: String?
}

/// What a window's print request did.
struct WindowPrintResult: ResponseEncodable {
    var document: String
    var visitID: String
    /// The case of a receipt.
    var caseNumber: String?
    var print: PrintReport
    /// The promised completion date (receipt), or the day by which the hall had to notify (the
    /// notices: 5 working days from the application).
    var date: LocalDate
}
