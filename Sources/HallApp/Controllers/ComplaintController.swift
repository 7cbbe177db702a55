import Foundation
import HallCore
import HallStore
import Hummingbird

/// Complaints and suggestions (投诉建议), `/complaints`. A resident makes one at the kiosk (category
/// and, if they like, a phone number) or on their own phone (`/feedback`, with the text), and follows
/// it with its code: `GET /complaints/{code}` shows the status and the reply, never the phone
/// number. The administrator lists them, assigns an owner, replies and closes.
///
/// Public writes are limited per address like tickets (``RateLimiter``); looking up an unknown code
/// counts against the address too, so codes cannot be guessed by trying.
///
/// The hall's book holds the open complaints and those closed in the last month
/// (``ComplaintBook/forgetClosed(before:)``); what shows or lists closed ones reads the projection,
/// which holds every complaint ever made: a resident may look at the reply months later.
struct ComplaintController {
    let hall: Hall
    let clock: any HallClock
    /// Complaints made (and texts written) per client address.
    let limiter: RateLimiter
    /// Unknown codes looked up per client address: a burst of 10, then one every 6 s.
    var misses = RateLimiter(perMinute: 10, burst: 10)

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get(use: list)
            .post(use: submit)
            .get(":code", use: status)
            .get(":code/qr.svg", use: qr)
            .post(":code/text", use: write)
            .post(":code/assign", use: assign)
            .post(":code/reply", use: reply)
            .post(":code/close", use: close)
    }

    /// `POST /complaints` `{"category": "attitude", "channel": "kiosk", "phone": "13800000001"}` → 201.
    @Sendable func submit(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<PublicComplaintView> {
        let body = try await request.decode(as: ComplaintRequest.self, context: context)
        try limit(context)
        let code = try FreshCode.draw(HallRuntime.ticketCode, unless: { try hall.database.complaint(code: $0) != nil })
        let command = ComplaintCommand.submit(
            code: code, category: body.category, channel: body.channel ?? .phone, text: body.text, phone: body.phone, ticket: body.ticket)
        return EditedResponse(status: .created, response: await publicView(try await execute(command, code: code)))
    }

    /// `GET /complaints/{code}`: what the resident may see of their complaint.
    @Sendable func status(_ request: Request, context: HallRequestContext) async throws -> PublicComplaintView {
        let code = Self.normalized(try context.parameters.require("code"))
        return await publicView(try await found(code, context))
    }

    /// `GET /complaints/{code}/qr.svg`: the QR of the complaint's page, for the kiosk to show.
    @Sendable func qr(_ request: Request, context: HallRequestContext) async throws -> Response {
        let code = Self.normalized(try context.parameters.require("code"))
        _ = try await found(code, context)
        guard let url = ComplaintQR.pageURL(code: code, request: request) else {
            throw APIError(.badRequest, "no_host", zh: "请求缺少主机名", en: "The request names no host")
        }
        return ComplaintQR.response(try ComplaintQR.svg(url))
    }

    /// `POST /complaints/{code}/text` `{"text": "…"}`: the text of a complaint made at the kiosk, once.
    @Sendable func write(_ request: Request, context: HallRequestContext) async throws -> PublicComplaintView {
        let code = Self.normalized(try context.parameters.require("code"))
        let body = try await request.decode(as: ComplaintTextRequest.self, context: context)
        _ = try await found(code, context)
        try limit(context)
        return await publicView(try await execute(.write(code: code, text: body.text), code: code))
    }

    /// `GET /complaints?status=open|overdue|closed|all` (administrator), newest first.
    @Sendable func list(_ request: Request, context: HallRequestContext) async throws -> [ComplaintView] {
        _ = try context.requireAdmin()
        let filter = try RecordFilter(request)
        let today = await hall.calendarDay
        let complaints =
            switch filter {
            // Every complaint not closed is in the book, however old.
            case .open, .overdue: await hall.complaints.all
            case .closed, .all: try hall.database.complaints(closedOnly: filter == .closed)
            }
        return complaints.map { ComplaintView($0, today: today) }
            .filter { filter.includes(closed: $0.status == .closed, overdue: $0.overdue) }
    }

    /// `{"staff": "zhang"}`.
    @Sendable func assign(_ request: Request, context: HallRequestContext) async throws -> ComplaintView {
        let account = try context.requireAdmin()
        let code = Self.normalized(try context.parameters.require("code"))
        let body = try await request.decode(as: FollowUpAssignRequest.self, context: context)
        return try await run(.assign(code: code, staffID: body.staff, by: account.username), code: code)
    }

    /// `{"text": "…"}`: the reply the resident reads with their code.
    @Sendable func reply(_ request: Request, context: HallRequestContext) async throws -> ComplaintView {
        let account = try context.requireAdmin()
        let code = Self.normalized(try context.parameters.require("code"))
        let body = try await request.decode(as: ComplaintTextRequest.self, context: context)
        return try await run(.reply(code: code, text: body.text, by: account.username), code: code)
    }

    @Sendable func close(_ request: Request, context: HallRequestContext) async throws -> ComplaintView {
        let account = try context.requireAdmin()
        let code = Self.normalized(try context.parameters.require("code"))
        return try await run(.close(code: code, by: account.username), code: code)
    }

    private func run(_ command: ComplaintCommand, code: String) async throws -> ComplaintView {
        ComplaintView(try await execute(command, code: code), today: await hall.calendarDay)
    }

    /// Runs a complaint's step and answers the complaint after it.
    private func execute(_ command: ComplaintCommand, code: String) async throws -> Complaint {
        let complaint: Complaint?
        do {
            complaint = try await hall.execute(command, code: code)
        } catch let error as HallError where error.code == "unknown_complaint" {
            // A complaint closed long ago has left the hall's book for its projection: it is closed, not unknown.
            guard try hall.database.complaint(code: code) != nil else { throw error }
            throw HallError(.conflict, "complaint_closed", zh: "该投诉建议已办结", en: "The complaint is closed")
        }
        guard let complaint else { throw Self.unknown(code) }
        return complaint
    }

    /// The complaint `code`; an unknown code answers 404 and counts against the address (429 after 10).
    private func found(_ code: String, _ context: HallRequestContext) async throws -> Complaint {
        let client = context.clientKey
        guard misses.hasToken(client, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "too_many_attempts", zh: "查询过于频繁，请稍后再试", en: "Too many unknown codes from this address; try again shortly"
            )
            error.headers[.retryAfter] = "\(misses.secondsUntilToken(client, now: clock.now()))"
            throw error
        }
        // From the hall's book, or from the projection when it closed long ago.
        guard let complaint = try await hall.complaints[code] ?? hall.database.complaint(code: code) else {
            _ = misses.allow(client, now: clock.now())
            throw Self.unknown(code)
        }
        return complaint
    }

    private func limit(_ context: HallRequestContext) throws {
        guard limiter.allow(context.clientKey, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "rate_limited", zh: "提交过于频繁，请稍后再试", en: "Too many complaints from this address; try again shortly")
            error.headers[.retryAfter] = "\(limiter.secondsUntilToken(context.clientKey, now: clock.now()))"
            throw error
        }
    }

    private func publicView(_ complaint: Complaint) async -> PublicComplaintView {
        PublicComplaintView(complaint, supervisionPhone: await hall.configuration.supervisionPhone)
    }

    /// Codes are read as printed: case and dashes or spaces do not matter.
    static func normalized(_ code: String) -> String {
        code.uppercased().filter { $0 != "-" && $0 != " " }
    }

    static func unknown(_ code: String) -> APIError {
        APIError(.notFound, "unknown_complaint", zh: "没有该投诉建议，请核对编号", en: "No complaint has that code; check it")
    }
}

struct ComplaintRequest: Decodable {
    var category: Complaint.Category
    var channel: Complaint.Channel?
    var text: String?
    var phone: String?
    var ticket: String?
}

struct ComplaintTextRequest: Decodable {
    var text: String
}

/// What the resident sees with their code: never the phone number, nor who handled it.
struct PublicComplaintView: ResponseEncodable, Sendable {
    var code: String
    var category: Complaint.Category
    var categoryLabel: LocalizedText
    var status: Complaint.Status
    var submittedAt: Date
    var due: LocalDate
    var text: String?
    var reply: String?
    var repliedAt: Date?
    /// 监督电话, shown next to the complaint.
    var supervisionPhone: String?

    init(_ c: Complaint, supervisionPhone: String?) {
        code = c.id
        category = c.category
        categoryLabel = c.category.label
        status = c.status
        submittedAt = c.submittedAt
        due = c.due
        text = c.text
        reply = c.reply
        repliedAt = c.repliedAt
        self.supervisionPhone = supervisionPhone
    }
}

/// A complaint as the administrator handles it.
struct ComplaintView: ResponseEncodable, Sendable {
    var code: String
    var category: Complaint.Category
    var categoryLabel: LocalizedText
    var channel: Complaint.Channel
    var text: String?
    var phone: String?
    var ticket: String?
    var submittedAt: Date
    var due: LocalDate
    var status: Complaint.Status
    var overdue: Bool
    var owner: String?
    var reply: String?
    var repliedAt: Date?
    var repliedBy: String?
    var closedAt: Date?
    var closedBy: String?

    init(_ c: Complaint, today: LocalDate) {
        code = c.id
        category = c.category
        categoryLabel = c.category.label
        channel = c.channel
        text = c.text
        phone = c.phone
        ticket = c.ticket
        submittedAt = c.submittedAt
        due = c.due
        status = c.status
        overdue = c.isOverdue(today: today)
        owner = c.owner
        reply = c.reply
        repliedAt = c.repliedAt
        repliedBy = c.repliedBy
        closedAt = c.closedAt
        closedBy = c.closedBy
    }
}
