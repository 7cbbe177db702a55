import Foundation
import HallCore
import HallStore
import Hummingbird

struct TransferRequest: Decodable {
    var service: String?
    var window: Int?
    var position: LinePosition?
}

struct PauseRequest: Decodable {
    var reason: String
}

struct ResumeRequest: Decodable {
    var visit: String?
}

extension HallRuntime {
    /// `POST /windows/{number}/<action>`: a clerk logged in to that window, or an administrator.
    func addWindowRoutes(to api: RouterGroup<HallRequestContext>) {
        let windows = api.group("windows/:number")
        let simple: [(String, @Sendable (Int) -> HallCommand)] = [
            ("call-next", { .callNext(window: $0) }),
            ("recall", { .recall(window: $0) }),
            ("start", { .start(window: $0) }),
            ("skip", { .skip(window: $0) }),
            ("hold", { .hold(window: $0) }),
            ("finish", { .finish(window: $0) }),
            ("close", { .close(window: $0) }),
        ]
        for (path, command) in simple {
            windows.post(RouterPath(stringLiteral: path)) { _, context in
                try await windowAction(context) { command($0) }
            }
        }
        windows.post("transfer") { request, context in
            let body = try await JSON.body(TransferRequest.self, from: request, context: context)
            return try await windowAction(context) {
                .transfer(window: $0, toService: body.service, toWindow: body.window, position: body.position ?? .back)
            }
        }
        windows.post("resume") { request, context in
            let body = try await JSON.body(ResumeRequest.self, from: request, context: context)
            return try await windowAction(context) { .resume(window: $0, visitID: body.visit) }
        }
        windows.post("pause") { request, context in
            let body = try await JSON.body(PauseRequest.self, from: request, context: context)
            return try await windowAction(context) { .pause(window: $0, reason: body.reason) }
        }
        windows.post("open") { _, context in
            let staffID = context.account?.role == .clerk ? context.account?.staffID : nil
            return try await windowAction(context, restaff: false) { .open(window: $0, staffID: staffID) }
        }
    }

    /// Runs a window command for an authorised caller. When a clerk acts on an open window another
    /// staff member opened, the window is first re-staffed so ratings credit the right person.
    private func windowAction(
        _ context: HallRequestContext, restaff: Bool = true, _ command: (Int) -> HallCommand
    ) async throws -> Response {
        guard let number = Int(try context.parameters.require("number")) else {
            throw APIError(.badRequest, "bad_window", zh: "窗口号须为数字", en: "The window number must be a number")
        }
        let account = try context.requireWindow(number)
        if restaff, account.role == .clerk, let staffID = account.staffID {
            let window = await hall.windowState(number)
            if window?.status == .open && window?.staffID != staffID {
                try await hall.execute(.open(window: number, staffID: staffID))
            }
        }
        let entries = try await hall.execute(command(number))
        let view = await hall.windowView(number)
        return try JSON.response(ActionResult(window: view, events: entries.map(\.event)))
    }
}
