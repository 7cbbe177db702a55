import Foundation
import HallCore
import Hummingbird

/// The pages people look at (kiosk, clerk console, admin, boards, the evaluator tablet), their
/// styles and scripts from `Layouts/screens/`, and the landing page. Pages are plain HTML with
/// JavaScript modules; they read the JSON API and follow `/api/v1/live`. A template is read on every
/// request, so an administrator's edit shows on the next load. Every page is served with
/// ``SecurityHeaders/page``: a strict Content-Security-Policy, no referrer, no framing.
struct ScreenController {
    let hall: Hall
    let settings: ScreenSettings

    /// Path → template.
    static let pages: [(String, String)] = [
        ("kiosk", "kiosk.html"), ("clerk", "clerk.html"), ("admin", "admin.html"), ("board", "board.html"),
        ("board/presence", "presence.html"), ("board/info", "info.html"),
        // MARK: accountability: complaints and suggestions on the resident's phone.
        ("feedback", "feedback.html"),
    ]

    var endpoints: RouteCollection<HallRequestContext> {
        let routes = RouteCollection(context: HallRequestContext.self)
        routes.get("/") { _, _ -> Response in
            var headers = SecurityHeaders.page
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: Self.indexPage)))
        }
        for (path, file) in Self.pages {
            routes.get(RouterPath(stringLiteral: path)) { _, _ in try page(file) }
        }
        return routes.get("board/window/:number", use: windowBoard)
            .get("evaluator/:window", use: evaluator)
            .get("screens/:file", use: screenFile)
            .get("feedback/:code") { _, _ in try page("feedback.html") }
            .get("c/:code", use: casePage)  // cases (办件)
    }

    /// The board above one window.
    @Sendable func windowBoard(_ request: Request, context: HallRequestContext) async throws -> Response {
        try await requireWindow(context.parameters.require("number"))
        return try page("window-board.html")
    }

    /// The evaluator tablet (评价器) at each window: the clerk's card, 请评价 with the five levels while
    /// the window's last visit awaits its rating, and the reasons for a bad rating. The page rates
    /// through `POST /api/v1/visits/{id}/rating` with the evaluator's device token.
    @Sendable func evaluator(_ request: Request, context: HallRequestContext) async throws -> Response {
        try await requireWindow(context.parameters.require("window"))
        return try page("evaluator.html")
    }

    /// The case page a receipt's QR opens (`/c/<code>`): 404 for a code no case has.
    @Sendable func casePage(_ request: Request, context: HallRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard await hall.publicCaseView(code: code) != nil else { throw APIError.unknownCaseCode }
        return try page("case.html")
    }

    /// A style, script, image or font of the pages.
    @Sendable func screenFile(_ request: Request, context: HallRequestContext) async throws -> Response {
        guard let path = SafeFile.resolve(try context.parameters.require("file"), in: settings.screensDirectory) else {
            throw SafeFile.notFound
        }
        return try SafeFile.response(path: path)
    }

    private func requireWindow(_ text: String) async throws {
        guard let number = Int(text), await hall.configuration.window(number) != nil else {
            throw APIError(.notFound, "unknown_window", zh: "没有这个窗口", en: "There is no such window")
        }
    }

    private func page(_ file: String) throws -> Response {
        guard let path = SafeFile.resolve(file, in: settings.screensDirectory) else {
            throw APIError(.notFound, "no_page", zh: "页面模板缺失：\(file)", en: "The page template \(file) is missing from the layouts folder")
        }
        return try SafeFile.response(path: path, extra: SecurityHeaders.page)
    }

    static let indexPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>便民服务中心 ServiceHall</title>
        <link rel="stylesheet" href="/screens/index.css"><body>
        <h1>便民服务中心 · ServiceHall</h1>
        <p>办事大厅服务正在运行。The hall service is running.</p>
        <ul><li><a href="/kiosk">/kiosk</a> 取号机 Kiosk · <a href="/clerk">/clerk</a> 窗口 Clerk · <a href="/admin">/admin</a> 管理 Admin</li>
        <li><a href="/board">/board</a> 叫号屏 Call board · <a href="/board/window/1">/board/window/1</a> 窗口屏 Window board ·
        <a href="/board/presence">/board/presence</a> 去向公示 Presence · <a href="/board/info">/board/info</a> 政务公开 Information</li>
        <li><a href="/feedback">/feedback</a> 投诉建议 Complaints and suggestions</li>
        <li><a href="/book">/book</a> 预约 Appointments (phone) · <a href="/guide">/guide</a> 咨询引导台 Guide desk ·
        /t/&lt;号票码&gt; 手机查看号票 The ticket on a phone</li>
        <li><a href="/api/v1/hall">/api/v1/hall</a> 大厅状态 Hall snapshot</li>
        <li><a href="/api/v1/services">/api/v1/services</a> 业务与等候 Services and waiting</li>
        <li><a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a> 接口文档 API description</li>
        <li><a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></li></ul></body></html>
        """
}
