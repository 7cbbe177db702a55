import Foundation
import HallCore
import HallStore
import Hummingbird
import Logging

/// Logging in and out, `/session`: a cookie-held session for a clerk at a window or an administrator.
///
/// A wrong password answers 401 and is logged with the username and the client's address (never
/// the password); too many from one address or on one username answer 429 with `Retry-After`;
/// when every password check place is taken the answer is 503.
struct SessionController {
    let hall: Hall
    let sessions: Sessions
    let logger: Logger

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
        let opened: Sessions.Opened?
        do {
            opened = try await sessions.login(
                username: body.username, password: body.password, window: body.window, takeOver: body.takeOver ?? false,
                address: context.clientKey)
        } catch is Sessions.WindowNotAllowed {
            let window = body.window ?? 0
            logger.warning(
                "clerk refused a window not theirs",
                metadata: ["username": "\(LogText.clean(body.username))", "window": "\(window)", "address": "\(context.clientKey)"])
            throw APIError(
                .forbidden, "window_not_allowed", zh: "您的账号不能登录\(window)号窗口，请选择您负责的窗口或联系管理员",
                en: "Your account may not log in to window \(window); choose one of your windows or ask the administrator")
        } catch let taken as Sessions.WindowTaken {
            let window = body.window ?? 0
            let name = await hall.staffView(taken.holder.staffID)?.name
            let who = name.map { "\($0)（\(taken.holder.username)）" } ?? taken.holder.username
            throw APIError(
                .conflict, "window_taken", zh: "\(window)号窗口已由\(who)登录；如需接管，请确认后重新登录",
                en:
                    "Window \(window) is held by \(name.map { "\($0) (\(taken.holder.username))" } ?? taken.holder.username); log in with takeOver to take it over"
            )
        } catch let throttled as LoginThrottle.Throttled {
            logger.warning(
                "login throttled",
                metadata: [
                    "username": "\(LogText.clean(body.username))", "address": "\(context.clientKey)",
                    "retryAfter": "\(throttled.retryAfter)",
                ])
            var error = APIError(
                .tooManyRequests, "login_throttled", zh: "登录失败次数过多，请\(throttled.retryAfter)秒后再试",
                en: "Too many failed logins; try again in \(throttled.retryAfter) s")
            error.headers[.retryAfter] = "\(throttled.retryAfter)"
            throw error
        } catch is WorkGate.Full {
            var error = APIError(.serviceUnavailable, "login_busy", zh: "登录请求过多，请稍后再试", en: "Too many logins at once; try again shortly")
            error.headers[.retryAfter] = "1"
            throw error
        }
        guard let opened else {
            logger.warning("failed login", metadata: ["username": "\(LogText.clean(body.username))", "address": "\(context.clientKey)"])
            throw APIError(.unauthorized, "bad_credentials", zh: "用户名或密码错误", en: "Wrong username or password")
        }
        let (session, account) = (opened.session, opened.account)
        for previous in opened.tookOver {
            logger.notice(
                "window taken over",
                metadata: [
                    "window": "\(session.window ?? 0)", "by": "\(account.username)", "from": "\(previous.username)",
                    "address": "\(context.clientKey)",
                ])
        }
        // MARK: takeover journaled (harden)
        try await journalTakeover(opened)
        if account.role == .clerk && body.window == nil {
            try sessions.logout(token: opened.token)
            throw APIError(.badRequest, "window_required", zh: "窗口人员登录须选择窗口", en: "A clerk logs in to a window: give `window`")
        }
        let answer = SessionResponse(
            username: account.username, role: account.role, window: session.window, staff: await hall.staffView(account.staffID),
            expiresAt: Date(millis: session.expiresAt))
        return EditedResponse(
            headers: [.setCookie: Sessions.cookie(token: opened.token, maxAge: Int(Sessions.lifetime))], response: answer)
    }

    // MARK: takeover journaled (harden)
    /// Journals each clerk whose session at the window this login ended (`windowTakenOver`, with
    /// both accounts). When the journal refuses, the new session ends too and the error is answered:
    /// no clerk holds a window by a takeover the journal does not show.
    private func journalTakeover(_ opened: Sessions.Opened) async throws {
        guard let window = opened.session.window else { return }
        var journaled: Set<String> = []
        for previous in opened.tookOver where journaled.insert(previous.username).inserted {
            do {
                _ = try await hall.execute(.takeOverWindow(window: window, by: opened.account.username, from: previous.username))
            } catch {
                try? sessions.logout(token: opened.token)
                throw error
            }
        }
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
    /// End another clerk's session at that window (answered 409 `window_taken` without it).
    var takeOver: Bool?
}

struct SessionResponse: ResponseEncodable {
    var username: String
    var role: AccountRecord.Role
    var window: Int?
    var staff: StaffView?
    var expiresAt: Date
}
