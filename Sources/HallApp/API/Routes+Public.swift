import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird

/// What the kiosk sends to take a ticket.
struct TicketRequest: Decodable {
    var service: String
    var priority: Priority?
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

/// What the kiosk gets back: everything it prints, the rating code included (only here).
struct TicketResponse: Encodable {
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
    /// Whether the ticket reached the paper; when not, the kiosk shows the number and this message.
    /// Absent when no printing service runs.
    var print: TicketPrintStatus?
}

/// A rating from an evaluator (device token header) or a resident (ticket code).
struct RatingRequest: Decodable {
    var level: RatingLevel
    var reason: String?
    var code: String?

    enum CodingKeys: String, CodingKey { case level, reason, code }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let raw: String
        if let number = try? c.decode(Int.self, forKey: .level) { raw = String(number) } else { raw = try c.decode(String.self, forKey: .level) }
        guard let level = RatingLevel(name: raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: .level, in: c, debugDescription: "unknown level \(raw); use 非常满意, 满意, 基本满意, 不满意, 非常不满意 or 5…1")
        }
        self.level = level
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        code = try c.decodeIfPresent(String.self, forKey: .code)
    }
}

extension HallRuntime {
    func addPublicRoutes(to api: RouterGroup<HallRequestContext>) {
        api.get("services") { _, _ in try JSON.response(await hall.services()) }

        api.post("tickets") { request, context in
            let body = try await JSON.body(TicketRequest.self, from: request, context: context)
            guard issueLimiter.allow(context.clientKey, now: clock.now()) else {
                var error = APIError(.tooManyRequests, "rate_limited", zh: "取号过于频繁，请稍后再试", en: "Too many tickets from this kiosk; try again shortly")
                error.headers[.retryAfter] = "\(max(1, 60 / max(1, issueLimiter.perMinute)))"
                throw error
            }
            let code = HallRuntime.ticketCode()
            let entries = try await hall.execute(.issueTicket(serviceID: body.service, priority: body.priority ?? .normal, secret: code))
            guard let issued = entries.lazy.compactMap({ if case .ticketIssued(let t) = $0.event { t } else { nil } }).first,
                let at = entries.last?.at
            else { throw APIError(.internalServerError, "internal", zh: "取号失败", en: "No ticket was issued") }
            let configuration = await hall.configuration
            guard let service = configuration.service(issued.serviceID).map(TicketService.init) else {
                throw HallError.unknownServiceForAPI(issued.serviceID)
            }
            let printed = await devices.ticketPrints.outcome(for: issued.visitID)
            return try JSON.response(
                TicketResponse(
                    visitID: issued.visitID, number: issued.number, service: service, priority: issued.priority, ahead: issued.ahead,
                    estimatedWaitSeconds: issued.estimatedWaitSeconds, issuedAt: at, ratingCode: code,
                    hallName: configuration.name, print: printed), status: .created)
        }

        api.post("visits/:id/rating") { request, context in
            let id = try context.parameters.require("id")
            let body = try await JSON.body(RatingRequest.self, from: request, context: context)
            let source: RatingSource
            if let token = request.headers[.deviceToken] {
                guard let device = try database.device(token: token), device.kind == "evaluator" else {
                    throw APIError(.forbidden, "unknown_device", zh: "未登记的评价器", en: "Unknown device token")
                }
                source = .evaluator(window: device.window)
            } else if let code = body.code {
                source = .ticketCode(code.uppercased().replacingOccurrences(of: "-", with: ""))
            } else {
                throw APIError(.forbidden, "code_required", zh: "请输入号票上的评价码", en: "Give the rating code printed on the ticket")
            }
            let entries = try await hall.execute(.rate(visitID: id, level: body.level, reason: body.reason, source: source))
            return try JSON.response(ActionResult(window: nil, events: entries.map(\.event)), status: .created)
        }

        api.get("openapi.yaml") { _, _ in
            // Installed: /usr/share/servicehall/openapi.yaml (the package ships no SwiftPM resource bundle).
            guard
                let url = InstalledPaths.current.openAPIFile.map(URL.init(fileURLWithPath:))
                    ?? Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw APIError(.notFound, "not_found", zh: "缺少接口文档", en: "openapi.yaml is missing") }
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: .init(string: text)))
        }
    }
}

/// The answer to a window action or a rating: the events that happened and the window after them.
struct ActionResult: Encodable {
    var window: WindowView?
    var events: [HallEvent]
}

extension HTTPField.Name {
    /// The evaluator's device token.
    static let deviceToken = HTTPField.Name("X-Device-Token")!
}

extension HallError {
    static func unknownServiceForAPI(_ id: String) -> HallError {
        HallError(.notFound, "unknown_service", zh: "没有该业务：\(id)", en: "Unknown service: \(id)")
    }
}
