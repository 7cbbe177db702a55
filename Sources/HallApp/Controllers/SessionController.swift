import Foundation
import HallCore
import HallStore
import Hummingbird

/// Logging in and out, `/session`: a cookie-held session for a clerk at a window or an administrator.
struct SessionController {
    let hall: Hall
    let sessions: Sessions

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post("session", use: login)
            .get("session", use: current)
            .delete("session", use: logout)
    }

    /// `POST /session` `{"username", "password", "window"}` → the session, with its cookie.
    @Sendable func login(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<SessionResponse> {
        let body = try await request.decode(as: LoginRequest.self, context: context)
        if let window = body.window, await hall.configuration.window(window) == nil {
            throw APIError(.notFound, "unknown_window", zh: "没有\(window)号窗口", en: "There is no window \(window)")
        }
        guard let (session, account) = try await sessions.login(username: body.username, password: body.password, window: body.window)
        else {
            throw APIError(.unauthorized, "bad_credentials", zh: "用户名或密码错误", en: "Wrong username or password")
        }
        if account.role == .clerk && body.window == nil {
            try sessions.logout(token: session.token)
            throw APIError(.badRequest, "window_required", zh: "窗口人员登录须选择窗口", en: "A clerk logs in to a window: give `window`")
        }
        let answer = SessionResponse(
            username: account.username, role: account.role, window: session.window, staff: await hall.staffView(account.staffID),
            expiresAt: Date(millis: session.expiresAt))
        return EditedResponse(
            headers: [.setCookie: Sessions.cookie(token: session.token, maxAge: Int(Sessions.lifetime))], response: answer)
    }

    /// `GET /session`: who is logged in here, or 401.
    @Sendable func current(_ request: Request, context: HallRequestContext) async throws -> SessionResponse {
        let account = try context.requireLogin()
        return SessionResponse(
            username: account.username, role: account.role, window: context.session?.window,
            staff: await hall.staffView(account.staffID), expiresAt: Date(millis: context.session?.expiresAt ?? 0))
    }

    /// `DELETE /session`: 204 and an expired cookie, logged in or not.
    @Sendable func logout(_ request: Request, context: HallRequestContext) async throws -> Response {
        if let token = request.cookies[Sessions.cookieName]?.value { try sessions.logout(token: token) }
        return Response(status: .noContent, headers: [.setCookie: Sessions.cookie(token: "", maxAge: 0)])
    }
}

struct LoginRequest: Decodable {
    var username: String
    var password: String
    /// The window a clerk works at for this session.
    var window: Int?
}

struct SessionResponse: ResponseEncodable {
    var username: String
    var role: AccountRecord.Role
    var window: Int?
    var staff: StaffView?
    var expiresAt: Date
}
