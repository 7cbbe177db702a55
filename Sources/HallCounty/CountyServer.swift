import Foundation
import HTTPTypes
import HallApp
import HallReports
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// `hall county serve`: the county's web page and its JSON, for the county's administrators only.
///
/// - `GET /` the page (Layouts/screens/county.html with county.js and county.css);
/// - `POST /api/county/session` `{username, password}` → HttpOnly SameSite=Strict cookie; `DELETE` logs out;
/// - `GET /api/county/halls` every hall today;
/// - `GET /api/county/compare?month=2026-11&by=hall|service|month[&hall=id]`;
/// - `GET /api/county/report?month=2026-11[&hall=id][&format=csv|pdf]` the county monthly report: JSON figures from
///   the projections, or as a file every hall's monthly report total and the county's (``CountyReportDocument``).
/// - `GET /api/county/halls/{hall}/report?month=2026-11[&format=pdf|csv]` one hall's own monthly case report.
public enum CountyServer {
    static let cookie = "county_session"

    struct Login: Decodable {
        var username: String
        var password: String
    }

    struct LoggedIn: ResponseEncodable {
        var username: String
    }

    struct Halls: ResponseEncodable {
        var halls: [CountyHallToday]
        /// Seconds without word after which a hall is shown as silent.
        var silentAfterSeconds: Int
    }

    struct Comparison: ResponseEncodable {
        var month: String
        var by: String
        var rows: [CountyFigures]
    }

    public static func router(client: PostgresClient, layouts: String, logger: Logger) -> Router<BasicRequestContext> {
        let accounts = CountyAccounts(client: client, logger: logger)
        let queries = CountyQueries(client: client, logger: logger)
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(CountyHeaders())

        @Sendable func requireAccount(_ request: Request) async throws -> (username: String, hall: String?) {
            guard let token = request.cookies[cookie]?.value, let account = try await accounts.account(token: token) else {
                throw HTTPError(.unauthorized, message: "请先登录 / log in first")
            }
            return account
        }

        /// Runs `body` with the queries the logged-in account may make: the county's, or (an
        /// account of one hall) those of a transaction row-level security holds to that hall.
        @Sendable func reading<Result: Sendable>(
            _ request: Request, _ body: @Sendable (CountyQueries) async throws -> Result
        ) async throws -> Result {
            guard let hall = try await requireAccount(request).hall else { return try await body(queries) }
            return try await CountyQueries.scoped(to: hall, client: client, logger: logger, body)
        }

        @Sendable func month(_ request: Request) throws -> CountyMonth {
            guard let text = request.uri.queryParameters["month"].map(String.init), let month = CountyMonth(text) else {
                throw HTTPError(.badRequest, message: "month=YYYY-MM 是必填项 / month=YYYY-MM is required")
            }
            return month
        }

        @Sendable func hall(_ request: Request) throws -> String? {
            guard let hall = request.uri.queryParameters["hall"].map(String.init), !hall.isEmpty else { return nil }
            return hall
        }

        // The page's own module and style, and the hall's shared modules it imports (language, DOM).
        for name in ["county.js", "i18n.js", "dom.js", "translate.js", "county.css", "screens.css", "console.css"] {
            let type = name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8"
            router.get(RouterPath(stringLiteral: "screens/\(name)")) { _, _ in try page(layouts, name, type) }
        }
        router.get("/") { _, _ in try page(layouts, "county.html", "text/html; charset=utf-8") }

        let api = router.group("api/county")
        api.post("session") { request, context -> Response in
            let login = try await request.decode(as: Login.self, context: context)
            guard let token = try await accounts.login(username: login.username, password: login.password) else {
                logger.notice("county login refused")
                throw HTTPError(.unauthorized, message: "用户名或密码错误 / wrong username or password")
            }
            var response = try LoggedIn(username: login.username).response(from: request, context: context)
            response.headers[.setCookie] =
                "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(CountyAccounts.sessionSeconds)"
            return response
        }
        api.delete("session") { request, _ -> Response in
            if let token = request.cookies[cookie]?.value { try await accounts.logout(token: token) }
            return Response(status: .noContent, headers: [.setCookie: "\(cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"])
        }
        api.get("session") { request, _ -> LoggedIn in LoggedIn(username: try await requireAccount(request).username) }
        api.get("halls") { request, _ -> Halls in
            Halls(halls: try await reading(request) { try await $0.halls() }, silentAfterSeconds: CountyQueries.silentAfterSeconds)
        }
        api.get("compare") { request, _ -> Comparison in
            let month = try month(request)
            let by = request.uri.queryParameters["by"].map(String.init) ?? "hall"
            guard let grouping = CountyQueries.Grouping(rawValue: by) else {
                throw HTTPError(.badRequest, message: "by=hall|service|month")
            }
            let hall = try hall(request)
            let rows = try await reading(request) { queries in
                var rows = try await queries.compare(month: month, by: grouping, hall: hall)
                let figures = try await queries.reportFigures(month: month, by: grouping, hall: hall, keys: rows.map(\.key))
                for i in rows.indices { rows[i].report = figures[rows[i].key] }
                return rows
            }
            return Comparison(month: month.description, by: by, rows: rows)
        }
        api.get("report") { request, _ -> Response in
            _ = try await requireAccount(request)
            let month = try month(request)
            if let text = request.uri.queryParameters["format"] {
                // The report as a file: every hall's monthly report total and the county's (or, with
                // `hall`, that hall's own report), made as a hall makes its own.
                guard let format = ReportFormat(rawValue: String(text)), let reportMonth = ReportMonth(month.description) else {
                    throw HTTPError(.badRequest, message: "format=pdf|csv")
                }
                let hall = try hall(request)
                // An error thrown inside a hall's transaction would come out wrapped: a missing hall is nil.
                let document = try await reading(request) { queries -> ReportDocument? in
                    guard let hall else { return try await queries.countyReport(month: reportMonth).document }
                    return try await queries.hallMonthlyReport(hall: hall, month: reportMonth)?.document
                }
                guard let document else { throw HTTPError(.notFound, message: "no hall \(hall ?? "") in the county") }
                let name = "county-report-\(month)\(hall.map { "-\($0)" } ?? "").\(format.rawValue)"
                return Response(
                    status: .ok, headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
                    body: .init(byteBuffer: ByteBuffer(bytes: try HallReporter.file(document, format: format))))
            }
            let hall = try hall(request)
            let report = try await reading(request) { try await $0.monthlyReport(month: month, hall: hall) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
        }
        // One hall's monthly case report, the same document as `hall report month` in that hall.
        api.get("halls/:hall/report") { request, context -> Response in
            _ = try await requireAccount(request)
            let hall = try context.parameters.require("hall")
            guard let month = ReportMonth(try month(request).description) else { throw HTTPError(.badRequest, message: "month=YYYY-MM") }
            guard let format = ReportFormat(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "pdf") else {
                throw HTTPError(.badRequest, message: "format=pdf|csv")
            }
            guard let report = try await reading(request, { try await $0.hallMonthlyReport(hall: hall, month: month) }) else {
                throw HTTPError(.notFound, message: "no hall \(hall) in the county")
            }
            let name = "monthly-report-\(hall)-\(month).\(format.rawValue)"
            return Response(
                status: .ok, headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
                body: .init(byteBuffer: ByteBuffer(bytes: try HallReporter.file(report.document, format: format))))
        }
        return router
    }

    static func page(_ layouts: String, _ name: String, _ type: String) throws -> Response {
        let path = (layouts as NSString).appendingPathComponent("screens/\(name)")
        guard let data = FileManager.default.contents(atPath: path) else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The county server: the router on `host:port` and the database pool, until SIGTERM.
    public static func application(
        client: PostgresClient, host: String, port: Int, layouts: String, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(client: client, layouts: layouts, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "ServiceHall-County"),
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? port) }, logger: logger)
        app.addServices(CountyPool(client: client))
        return app
    }
}

/// Runs the PostgreSQL pool beside the server.
struct CountyPool: ServiceLifecycle.Service {
    let client: PostgresClient
    func run() async throws {
        await cancelWhenGracefulShutdown { await client.run() }
    }
}

/// The same strict page headers as the hall's own pages: scripts, styles and connections from the
/// server only, no framing, no referrer; answers are never cached by a shared cache.
struct CountyHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if request.uri.path.hasPrefix("/api/") { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
