import Foundation
import HallCore
import HallStore
import Hummingbird

struct LoginRequest: Decodable {
    var username: String
    var password: String
    /// The window a clerk works at for this session.
    var window: Int?
}

struct SessionResponse: Encodable {
    var username: String
    var role: AccountRecord.Role
    var window: Int?
    var staff: StaffView?
    var expiresAt: Date
}

struct PresenceRequest: Decodable {
    var status: PresenceStatus
    var note: String?
}

struct SatisfactionResponse: Encodable {
    var from: LocalDate
    var to: LocalDate
    var by: StatisticsGrouping
    var rows: [SatisfactionRow]
    var total: SatisfactionRow
}

extension HallRuntime {
    func addStaffRoutes(to api: RouterGroup<HallRequestContext>) {
        api.post("session") { request, context in
            let body = try await JSON.body(LoginRequest.self, from: request, context: context)
            if let window = body.window, await hall.configuration.window(window) == nil {
                throw APIError(.notFound, "unknown_window", zh: "没有\(window)号窗口", en: "There is no window \(window)")
            }
            guard let (session, account) = try await sessions.login(username: body.username, password: body.password, window: body.window) else {
                throw APIError(.unauthorized, "bad_credentials", zh: "用户名或密码错误", en: "Wrong username or password")
            }
            if account.role == .clerk && body.window == nil {
                try sessions.logout(token: session.token)
                throw APIError(.badRequest, "window_required", zh: "窗口人员登录须选择窗口", en: "A clerk logs in to a window: give `window`")
            }
            let staff = await hall.staffView(account.staffID)
            return try JSON.response(
                SessionResponse(
                    username: account.username, role: account.role, window: session.window, staff: staff,
                    expiresAt: Date(millis: session.expiresAt)),
                headers: [.setCookie: Sessions.cookie(token: session.token, maxAge: Int(Sessions.lifetime))])
        }

        api.get("session") { _, context in
            let account = try context.requireLogin()
            return try JSON.response(
                SessionResponse(
                    username: account.username, role: account.role, window: context.session?.window,
                    staff: await hall.staffView(account.staffID), expiresAt: Date(millis: context.session?.expiresAt ?? 0)))
        }

        api.delete("session") { request, context in
            if let token = request.cookies[Sessions.cookieName]?.value { try sessions.logout(token: token) }
            return Response(status: .noContent, headers: [.setCookie: Sessions.cookie(token: "", maxAge: 0)])
        }

        api.put("staff/:id/presence") { request, context in
            let id = try context.parameters.require("id")
            let account = try context.requireLogin()
            guard account.role == .admin || account.staffID == id else {
                throw APIError(.forbidden, "not_yourself", zh: "只能更新本人的去向", en: "Clerks update their own presence only")
            }
            let body = try await JSON.body(PresenceRequest.self, from: request, context: context)
            let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
            let entries = try await hall.execute(.setPresence(staffID: id, presence: Presence(status: body.status, note: note?.isEmpty == true ? nil : note)))
            return try JSON.response(ActionResult(window: nil, events: entries.map(\.event)))
        }

        api.post("visits/:id/cancel") { _, context in
            _ = try context.requireAdmin()
            let entries = try await hall.execute(.cancel(visitID: try context.parameters.require("id")))
            return try JSON.response(ActionResult(window: nil, events: entries.map(\.event)))
        }

        api.get("stats/satisfaction") { request, context in
            _ = try context.requireAdmin()
            let (from, to) = try await period(request)
            let byText = request.uri.queryParameters["by"].map(String.init) ?? "window"
            guard let by = StatisticsGrouping(rawValue: byText) else {
                throw APIError(.badRequest, "bad_grouping", zh: "by 须为 window、staff 或 service", en: "`by` must be window, staff or service")
            }
            let rows = try database.satisfaction(from: from, to: to, by: by)
            var levels: [String: Int] = [:]
            for row in rows { levels.merge(row.levels, uniquingKeysWith: +) }
            let total = SatisfactionRow(
                key: "total", finished: rows.reduce(0) { $0 + $1.finished }, rated: rows.reduce(0) { $0 + $1.rated }, levels: levels)
            return try JSON.response(SatisfactionResponse(from: from, to: to, by: by, rows: rows, total: total))
        }

        api.get("ratings/bad") { request, context in
            _ = try context.requireAdmin()
            let (from, to) = try await period(request)
            return try JSON.response(try database.badRatings(from: from, to: to))
        }

        api.get("config") { _, context in
            _ = try context.requireAdmin()
            return try JSON.response(await hall.configuration)
        }
    }

    /// `from` and `to` query dates (YYYY-MM-DD), each defaulting to today.
    private func period(_ request: Request) async throws -> (LocalDate, LocalDate) {
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        let today = LocalDate.local(clock.now(), utcOffsetMinutes: offset).date
        func date(_ name: String) throws -> LocalDate {
            guard let text = request.uri.queryParameters[Substring(name)] else { return today }
            guard let date = LocalDate(String(text)) else {
                throw APIError(.badRequest, "bad_date", zh: "\(name) 须为 YYYY-MM-DD 格式的日期", en: "`\(name)` must be a date as YYYY-MM-DD")
            }
            return date
        }
        let (from, to) = (try date("from"), try date("to"))
        guard from <= to else { throw APIError(.badRequest, "bad_period", zh: "起始日期晚于结束日期", en: "`from` is after `to`") }
        return (from, to)
    }
}
