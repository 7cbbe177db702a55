import Foundation
import HallCore
import HallStore
import Hummingbird

/// A window's actions, `POST /windows/{number}/<action>`: a clerk logged in to that window, or an
/// administrator. Each answers the events that happened and the window after them.
struct WindowController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        let routes = RouteCollection(context: HallRequestContext.self)
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
            routes.post(RouterPath(stringLiteral: ":number/\(path)")) { _, context in
                try await act(context) { command($0) }
            }
        }
        return routes.post(":number/transfer", use: transfer)
            .post(":number/resume", use: resume)
            .post(":number/pause", use: pause)
            .post(":number/open", use: open)
    }

    /// `{"service": "…"}` or `{"window": 3}`, optionally `"position": "front"`.
    @Sendable func transfer(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        let body = try await request.decode(as: TransferRequest.self, context: context)
        return try await act(context) {
            .transfer(window: $0, toService: body.service, toWindow: body.window, position: body.position ?? .back)
        }
    }

    /// `{}` for the oldest held visit, or `{"visit": "…"}`.
    @Sendable func resume(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        let body = try await request.decode(as: ResumeRequest.self, context: context)
        return try await act(context) { .resume(window: $0, visitID: body.visit) }
    }

    /// `{"reason": "午休"}`.
    @Sendable func pause(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        let body = try await request.decode(as: PauseRequest.self, context: context)
        return try await act(context) { .pause(window: $0, reason: body.reason) }
    }

    /// Opens the window staffed by the clerk who asks (an administrator opens it unstaffed).
    @Sendable func open(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        let staffID = context.account?.role == .clerk ? context.account?.staffID : nil
        return try await act(context, restaff: false) { .open(window: $0, staffID: staffID) }
    }

    /// Runs a window command for an authorised caller. When a clerk acts on an open window another
    /// staff member opened, the window is first re-staffed so ratings credit the right person.
    func act(_ context: HallRequestContext, restaff: Bool = true, _ command: (Int) -> HallCommand) async throws -> ActionResult {
        let number = try context.windowNumber()
        let account = try context.requireWindow(number)
        let staffID = restaff && account.role == .clerk ? account.staffID : nil
        let (entries, window) = try await hall.executeAtWindow(number, by: staffID, command(number))
        return ActionResult(window: window, entries)
    }
}

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

extension HallRequestContext {
    /// The `{number}` of a `/windows/{number}/…` path, or 400.
    func windowNumber() throws -> Int {
        guard let number = Int(try parameters.require("number")) else {
            throw APIError(.badRequest, "bad_window", zh: "窗口号须为数字", en: "The window number must be a number")
        }
        return number
    }
}
