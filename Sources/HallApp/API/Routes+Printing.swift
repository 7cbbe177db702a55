import Foundation
import HallConfig
import HallCore
import HallDevices
import Hummingbird

/// Which visit a receipt or notice is for: the window's current one unless the body names another
/// served at that window today.
struct ReceiptRequest: Decodable {
    var visit: String?
}

/// A 一次性告知单: every missing material, told once.
struct NoticeRequest: Decodable {
    var visit: String?
    var missing: [String]
}

/// What a window's print request did.
struct WindowPrintResult: Encodable {
    var document: String
    var visitID: String
    var print: TicketPrintStatus
    /// The promised completion date (receipt) or the deadline to complete the materials (notice).
    var date: LocalDate
}

extension HallRuntime {
    /// `POST /windows/{n}/print-receipt` and `/print-notice` on the window's own printer.
    func addPrintRoutes(to api: RouterGroup<HallRequestContext>) {
        let windows = api.group("windows/:number")
        windows.post("print-receipt") { request, context in
            let body = try await JSON.body(ReceiptRequest.self, from: request, context: context)
            let (number, visit, configuration, day) = try await printTarget(context, visit: body.visit)
            let values = PrintValues.receipt(visit, window: number, on: day, configuration: configuration)
            let promised = configuration.schedule.adding(workingDays: configuration.service(visit.serviceID)?.timeLimitDays ?? 0, to: day)
            return try await printAtWindow(number, "receipt", values, id: "receipt-\(visit.id)", visit: visit, date: promised)
        }
        windows.post("print-notice") { request, context in
            let body = try await JSON.body(NoticeRequest.self, from: request, context: context)
            let missing = body.missing.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !missing.isEmpty else {
                throw APIError(.badRequest, "missing_required", zh: "请列出所缺的材料", en: "List the missing materials in `missing`")
            }
            let (number, visit, configuration, day) = try await printTarget(context, visit: body.visit)
            let values = PrintValues.notice(visit, window: number, missing: missing, on: day, configuration: configuration)
            let deadline = configuration.schedule.adding(workingDays: PrintValues.noticeWorkingDays, to: day)
            return try await printAtWindow(number, "notice", values, id: "notice-\(visit.id)", visit: visit, date: deadline)
        }
    }

    /// The window (checked against the session), the visit and today's date.
    private func printTarget(_ context: HallRequestContext, visit requested: String?) async throws -> (Int, Visit, HallConfiguration, LocalDate) {
        guard let number = Int(try context.parameters.require("number")) else {
            throw APIError(.badRequest, "bad_window", zh: "窗口号须为数字", en: "The window number must be a number")
        }
        _ = try context.requireWindow(number)
        let state = await hall.state
        guard let window = state.windows[number] else { throw HallError(.notFound, "unknown_window", zh: "没有\(number)号窗口", en: "There is no window \(number)") }
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
    ) async throws -> Response {
        guard let printer = devices.printer(for: .window(number)) else {
            throw APIError(.conflict, "no_printer", zh: "\(number)号窗口未配置打印机", en: "Window \(number) has no printer")
        }
        let document = try devices.layouts[layout]!.document(values)
        let outcome = try await printer.queue.submit(document, id: id)
        let status = outcome.status(printer: printer.setup.id)
        return try JSON.response(
            WindowPrintResult(document: layout, visitID: visit.id, print: status, date: date), status: status.printed ? .created : .accepted)
    }
}
