import Foundation
import HallCore
import Hummingbird

/// The resident's phone (no app): the ticket's QR code opens `/t/<code>`, the code being the
/// ticket's secret rating code. The page follows the public live feed and reads where its ticket
/// stands from `GET /api/v1/tickets/<code>`: number, people ahead, estimated wait, the window it is
/// called to, and whether it may be rated now (through the rating API with the same code).
///
/// Nothing personal is revealed: a ticket holds no name or phone. An unknown code answers 404 with
/// a plain page (or the JSON error) saying only that no ticket of today carries it, and every such
/// miss counts against the address (``misses``), so codes cannot be tried by the thousand.
struct TicketPageController {
    let hall: Hall
    let settings: ScreenSettings
    /// Unknown codes per client address: a burst of 10, then one every 6 s.
    let misses: RateLimiter
    /// The hall's clock: the buckets refill on the time the hall keeps (a test's clock stands still).
    let clock: any HallClock

    init(hall: Hall, settings: ScreenSettings, clock: any HallClock, misses: RateLimiter = RateLimiter(perMinute: 10, burst: 10)) {
        self.hall = hall
        self.settings = settings
        self.clock = clock
        self.misses = misses
    }

    private func now() -> Date { clock.now() }

    /// `GET /tickets/{code}` under `/api/v1`.
    var apiEndpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("tickets/:code", use: progress)
    }

    /// The resident's pages: `GET /t/{code}` (the ticket) and `GET /book` (appointments); and the
    /// guide desk's console `GET /guide`, where residents without a phone are helped.
    var pageEndpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("t/:code", use: page)
            .get("book") { _, _ in try self.file("book.html") }
            .get("guide") { _, _ in try self.file("guide.html") }
    }

    /// Where the ticket stands now.
    @Sendable func progress(_ request: Request, context: HallRequestContext) async throws -> TicketProgressResponse {
        try checkMisses(context)
        let code = Self.normalized(try context.parameters.require("code"))
        let state = await hall.state
        guard let progress = state.ticketProgress(secret: code) else {
            _ = misses.allow(context.clientKey, now: now())
            throw APIError(
                .notFound, "unknown_ticket", zh: "没有找到这张号票：号码不正确，或已不是当天的号票",
                en: "No ticket of today carries this code")
        }
        return TicketProgressResponse(progress, configuration: state.configuration, code: code)
    }

    /// The ticket page, or a plain page saying the code is unknown.
    @Sendable func page(_ request: Request, context: HallRequestContext) async throws -> Response {
        try checkMisses(context)
        let code = Self.normalized(try context.parameters.require("code"))
        guard await hall.state.visitID(secret: code) != nil else {
            var headers = SecurityHeaders.page
            _ = misses.allow(context.clientKey, now: now())
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: .init(string: Self.unknownPage)))
        }
        return try file("ticket.html")
    }

    private func file(_ name: String) throws -> Response {
        guard let path = SafeFile.resolve(name, in: settings.screensDirectory) else {
            throw APIError(.notFound, "no_page", zh: "页面模板缺失：\(name)", en: "The page template \(name) is missing")
        }
        return try SafeFile.response(path: path, extra: SecurityHeaders.page)
    }

    private func checkMisses(_ context: HallRequestContext) throws {
        guard misses.hasToken(context.clientKey, now: now()) else {
            var error = APIError(
                .tooManyRequests, "too_many_attempts", zh: "查询过于频繁，请稍后再试", en: "Too many unknown ticket codes; try again shortly")
            error.headers[.retryAfter] = "\(misses.secondsUntilToken(context.clientKey, now: now()))"
            throw error
        }
    }

    /// Codes are read off paper: case and dashes do not matter.
    static func normalized(_ code: String) -> String {
        code.uppercased().replacingOccurrences(of: "-", with: "")
    }

    static let unknownPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>未找到号票 · Ticket not found</title>
        <link rel="stylesheet" href="/screens/ticket.css"><body class="phone"><main class="tp-unknown">
        <h1>没有找到这张号票</h1>
        <p>号票上的二维码只在取号当天有效。请核对号码，或到咨询引导台询问。</p>
        <p lang="en">No ticket of today carries this code. The QR code works on the day the ticket was taken;
        please check it or ask at the guide desk.</p></main></body></html>
        """
}

/// Where a ticket stands, for the resident's phone: no name, no phone, no rating code.
struct TicketProgressResponse: ResponseEncodable {
    struct ServiceName: Encodable {
        var id: String
        var name: LocalizedText
    }

    var visitID: String
    var number: String
    var service: ServiceName
    var priority: Priority
    var status: VisitStatus
    var ahead: Int?
    var estimatedWaitSeconds: Int?
    var window: Int?
    var windowName: LocalizedText?
    var calls: Int
    var appointmentAt: Date?
    var ratingStatus: RatingStatus
    /// The level given, by its wire name (`satisfied`).
    var rating: String?
    var hallName: LocalizedText
    /// Where complaints and suggestions about this visit go.
    var feedback: String

    init(_ p: TicketProgress, configuration: HallConfiguration, code: String) {
        visitID = p.visitID
        number = p.number
        service = ServiceName(
            id: p.serviceID, name: configuration.service(p.serviceID)?.name ?? LocalizedText(zh: p.serviceID, en: p.serviceID))
        priority = p.priority
        status = p.status
        ahead = p.ahead
        estimatedWaitSeconds = p.estimatedWaitSeconds
        window = p.window
        windowName = p.window.flatMap { configuration.window($0)?.name }
        calls = p.calls
        appointmentAt = p.appointmentAt
        ratingStatus = p.ratingStatus
        rating = p.rating.map { "\($0)" }
        hallName = configuration.name
        feedback = "/feedback?t=\(code)"
    }
}
