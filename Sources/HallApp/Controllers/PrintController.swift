import Foundation
import HallConfig
import HallCore
import HallDevices
import Hummingbird

/// What a window prints on its own printer: the acceptance receipt (受理凭证,
/// `POST /windows/{n}/print-receipt`) and the missing-materials notice (一次性告知单,
/// `POST /windows/{n}/print-notice`). 201 when the paper is out, 202 when the job waits for the printer.
struct PrintController {
    let hall: Hall
    let devices: DeviceHub
    let clock: any HallClock

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post(":number/print-receipt", use: printReceipt)
            .post(":number/print-notice", use: printNotice)
    }

    /// `{}` for the window's current visit, or `{"visit": "…"}` for one served there today.
    @Sendable func printReceipt(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<WindowPrintResult> {
        let body = try await request.decode(as: ReceiptRequest.self, context: context)
        let (number, visit, configuration, day) = try await target(context, visit: body.visit)
        let values = PrintValues.receipt(visit, window: number, on: day, configuration: configuration)
        let promised = configuration.schedule.adding(workingDays: configuration.service(visit.serviceID)?.timeLimitDays ?? 0, to: day)
        return try await printAtWindow(number, "receipt", values, id: "receipt-\(visit.id)", visit: visit, date: promised)
    }

    /// `{"missing": ["户口簿", …]}`: every missing material, told once.
    @Sendable func printNotice(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<WindowPrintResult> {
        let body = try await request.decode(as: NoticeRequest.self, context: context)
        let missing = body.missing.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !missing.isEmpty else {
            throw APIError(.badRequest, "missing_required", zh: "请列出所缺的材料", en: "List the missing materials in `missing`")
        }
        let (number, visit, configuration, day) = try await target(context, visit: body.visit)
        let values = PrintValues.notice(visit, window: number, missing: missing, on: day, configuration: configuration)
        let deadline = configuration.schedule.adding(workingDays: PrintValues.noticeWorkingDays, to: day)
        return try await printAtWindow(number, "notice", values, id: "notice-\(visit.id)", visit: visit, date: deadline)
    }

    /// The window (checked against the session), the visit and today's date.
    private func target(_ context: HallRequestContext, visit requested: String?) async throws -> (Int, Visit, HallConfiguration, LocalDate)
    {
        let number = try context.windowNumber()
        _ = try context.requireWindow(number)
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
        let day = LocalDate.local(clock.now(), utcOffsetMinutes: state.configuration.schedule.utcOffsetMinutes).date
        return (number, visit, state.configuration, day)
    }

    private func printAtWindow(
        _ number: Int, _ layout: String, _ values: LayoutValues, id: String, visit: Visit, date: LocalDate
    ) async throws -> EditedResponse<WindowPrintResult> {
        guard let printer = devices.printer(for: .window(number)) else {
            throw APIError(.conflict, "no_printer", zh: "\(number)号窗口未配置打印机", en: "Window \(number) has no printer")
        }
        let document = try devices.layouts[layout]!.document(values)
        let report = PrintReport(try await printer.queue.submit(document, id: id), printer: printer.setup.id)
        return EditedResponse(
            status: report.printed ? .created : .accepted,
            response: WindowPrintResult(document: layout, visitID: visit.id, print: report, date: date))
    }
}

/// Which visit a receipt is for: the window's current one unless the body names another served at
/// that window today.
struct ReceiptRequest: Decodable {
    var visit: String?
}

/// A 一次性告知单: every missing material, told once.
struct NoticeRequest: Decodable {
    var visit: String?
    var missing: [String]
}

/// What a window's print request did.
struct WindowPrintResult: ResponseEncodable {
    var document: String
    var visitID: String
    var print: PrintReport
    /// The promised completion date (receipt) or the deadline to complete the materials (notice).
    var date: LocalDate
}
