import Foundation
import HallConfig
import HallCore
import HallStore
import Hummingbird
import NIOCore

/// The kiosk's resource: the services it offers (`GET /services`) and the tickets it issues
/// (`POST /tickets`). A ticket's answer comes after the commit, with its print report if the paper
/// is out within the deadline, else `pending`: a resident never waits on the printer.
struct TicketController {
    let hall: Hall
    let devices: DeviceHub
    let issueLimiter: RateLimiter
    let clock: any HallClock
    /// How long the answer waits for the ticket's paper (``PrintReport/kioskDeadline``).
    let printDeadline: Duration

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("services", use: services)
            .post("tickets", use: issue)
    }

    /// `GET /services`: every service with its waiting count and estimated wait.
    @Sendable func services(_ request: Request, context: HallRequestContext) async throws -> [ServiceView] {
        await hall.services()
    }

    /// `POST /tickets` `{"service": "pension", "priority": "normal"}` → 201 with the ticket.
    @Sendable func issue(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<TicketResponse> {
        let body = try await request.decode(as: TicketRequest.self, context: context)
        guard issueLimiter.allow(context.clientKey, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "rate_limited", zh: "取号过于频繁，请稍后再试", en: "Too many tickets from this kiosk; try again shortly")
            error.headers[.retryAfter] = "\(issueLimiter.secondsUntilToken(context.clientKey, now: clock.now()))"
            throw error
        }
        let code = HallRuntime.ticketCode()
        // 特事特办 only by an administrator here (the guide desk has its own route); the kiosk never grants it.
        let by = context.account.flatMap { $0.role == .admin ? $0.username : nil }
        let entries = try await hall.execute(
            .issueTicket(serviceID: body.service, priority: body.priority ?? .normal, secret: code, by: by))
        return EditedResponse(status: .created, response: try await answer(entries, code: code))
    }

    /// The ticket a command's `entries` issued, with its print report (waiting at most ``printDeadline``):
    /// the kiosk's answer to a ticket, and to an appointment's check-in.
    func answer(_ entries: [JournalEntry], code: String) async throws -> TicketResponse {
        guard let issued = entries.lazy.compactMap({ if case .ticketIssued(let t) = $0.event { t } else { nil } }).first,
            let at = entries.last?.at
        else { throw APIError(.internalServerError, "internal", zh: "取号失败", en: "No ticket was issued") }
        // Read beside the actor: under load, one more turn of it is one more wait behind every kiosk.
        let configuration = hall.configurationNow
        guard let service = configuration.service(issued.serviceID).map(TicketService.init) else {
            throw HallError(.notFound, "unknown_service", zh: "没有该业务：\(issued.serviceID)", en: "Unknown service: \(issued.serviceID)")
        }
        let print = await devices.ticketPrints.report(
            for: issued.visitID, within: printDeadline, ifLate: .pending(printer: devices.printer(for: .kiosk)?.setup.id))
        return TicketResponse(
            visitID: issued.visitID, number: issued.number, service: service, priority: issued.priority, ahead: issued.ahead,
            estimatedWaitSeconds: issued.estimatedWaitSeconds, issuedAt: at, ratingCode: code, hallName: configuration.name, print: print,
            appointmentAt: issued.appointmentAt)
    }
}

/// What the kiosk sends to take a ticket.
struct TicketRequest: Decodable, FlatJSONRequest {
    var service: String
    var priority: Priority?

    init?(flat fields: [String: String]) {
        guard let service = fields["service"], fields.count == (fields["priority"] == nil ? 1 : 2) else { return nil }
        self.service = service
        if let priority = fields["priority"] {
            guard let known = Priority(rawValue: priority) else { return nil }
            self.priority = known
        }
    }
}

/// The service as a ticket names it: what the kiosk shows and prints.
struct TicketService: Encodable {
    var id: String
    var prefix: String
    var name: LocalizedText
    var materials: [LocalizedText]
    var timeLimitDays: Int

    init(_ s: Service) {
        id = s.id
        prefix = s.prefix
        name = s.name
        materials = s.materials
        timeLimitDays = s.timeLimitDays
    }
}

/// What the kiosk gets back: everything it prints, the rating code included (only here). Its JSON
/// is written by ``JSONText`` (``json``), the same bytes ``JSON/encoder`` writes for it.
struct TicketResponse: Encodable, ResponseGenerator {
    var visitID: String
    var number: String
    var service: TicketService
    var priority: Priority
    var ahead: Int
    var estimatedWaitSeconds: Int?
    var issuedAt: Date
    /// The secret printed on the ticket, with which the resident may rate their own visit.
    var ratingCode: String
    var hallName: LocalizedText
    /// Whether the ticket reached the paper (`pending` while it is on its way); when not, the kiosk
    /// shows the number and this message. Absent when no printing service runs.
    var print: PrintReport?
    /// The slot of the appointment the ticket was checked in for (预约).
    var appointmentAt: Date?
}

extension TicketResponse {
    /// The answer's JSON: keys in sorted order, absent optionals left out, as ``JSON/encoder`` writes it.
    var json: [UInt8] {
        var j = JSONText()
        j.open()
        j.field("ahead", first: true)
        j.int(ahead)
        if let appointmentAt {
            j.field("appointmentAt")
            j.date(appointmentAt)
        }
        if let estimatedWaitSeconds {
            j.field("estimatedWaitSeconds")
            j.int(estimatedWaitSeconds)
        }
        j.field("hallName")
        j.text(hallName)
        j.field("issuedAt")
        j.date(issuedAt)
        j.field("number")
        j.string(number)
        if let print {
            j.field("print")
            j.open()
            var first = true
            if let message = print.message {
                j.field("message", first: true)
                j.text(message)
                first = false
            }
            j.field("printed", first: first)
            j.bool(print.printed)
            if let printer = print.printer {
                j.field("printer")
                j.string(printer)
            }
            j.field("status")
            j.string(print.status.rawValue)
            j.close()
        }
        j.field("priority")
        j.string(priority.rawValue)
        j.field("ratingCode")
        j.string(ratingCode)
        j.field("service")
        j.open()
        j.field("id", first: true)
        j.string(service.id)
        j.field("materials")
        j.texts(service.materials)
        j.field("name")
        j.text(service.name)
        j.field("prefix")
        j.string(service.prefix)
        j.field("timeLimitDays")
        j.int(service.timeLimitDays)
        j.close()
        j.field("visitID")
        j.string(visitID)
        j.close()
        return j.bytes
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
