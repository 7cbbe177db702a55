import Foundation
import HallStore
import Hummingbird

/// Reads the session cookie and puts the session and account on the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = HallRequestContext
    let sessions: Sessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Sessions.cookieName]?.value, let (session, account) = try sessions.lookup(token: token) {
            context.session = session
            context.account = account
        }
        return try await next(request, context)
    }
}

extension HallRequestContext {
    /// The logged-in account, or 401.
    func requireLogin() throws -> AccountRecord {
        guard let account else { throw APIError.loginRequired }
        return account
    }

    func requireAdmin() throws -> AccountRecord {
        let account = try requireLogin()
        guard account.role == .admin else { throw APIError.adminOnly }
        return account
    }

    /// The guide desk (咨询引导台) or an administrator: who may issue tickets for residents, grant
    /// 特事特办, log consultations and home-service requests.
    func requireGuide() throws -> AccountRecord {
        let account = try requireLogin()
        guard account.role == .guide || account.role == .admin else {
            throw APIError(.forbidden, "guide_only", zh: "仅限咨询引导台或管理员", en: "For the guide desk or an administrator only")
        }
        return account
    }

    /// A clerk logged in to window `number` and still given it by the hall file, or an
    /// administrator. A clerk of another window gets 403.
    func requireWindow(_ number: Int) throws -> AccountRecord {
        let account = try requireLogin()
        if account.role == .admin { return account }
        guard session?.window == number else {
            throw APIError(
                .forbidden, "other_window", zh: "您登录的是\(session?.window.map { "\($0)号" } ?? "其他")窗口，不能操作\(number)号窗口",
                en: "You are logged in to window \(session?.window.map(String.init) ?? "none"), not window \(number)")
        }
        // The account is read afresh on every request: a window the administrator has since taken
        // from this clerk in the hall file is refused at once, without waiting for the session to end.
        guard account.mayTake(window: number) else {
            throw APIError(
                .forbidden, "window_not_allowed", zh: "您的账号已不能操作\(number)号窗口，请重新登录您负责的窗口",
                en: "Your account may no longer work at window \(number); log in to one of your windows")
        }
        return account
    }
}
