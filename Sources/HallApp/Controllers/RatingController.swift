import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird

/// Rating a visit (好差评), `POST /visits/{id}/rating`: from the window's evaluator (its device
/// token in `X-Device-Token`) or from the resident with the code printed on the ticket.
struct RatingController {
    let hall: Hall
    let database: HallDatabase

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post(":id/rating", use: rate)
    }

    /// `{"level": "满意"}` (or 5…1), with `"reason"` for a bad rating and `"code"` from a resident → 201.
    @Sendable func rate(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<ActionResult> {
        let id = try context.parameters.require("id")
        let body = try await request.decode(as: RatingRequest.self, context: context)
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
        return EditedResponse(status: .created, response: ActionResult(entries))
    }
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
        if let number = try? c.decode(Int.self, forKey: .level) {
            raw = String(number)
        } else {
            raw = try c.decode(String.self, forKey: .level)
        }
        guard let level = RatingLevel(name: raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: .level, in: c, debugDescription: "unknown level \(raw); use 非常满意, 满意, 基本满意, 不满意, 非常不满意 or 5…1")
        }
        self.level = level
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        code = try c.decodeIfPresent(String.self, forKey: .code)
    }
}

extension HTTPField.Name {
    /// The evaluator's device token.
    static let deviceToken = HTTPField.Name("X-Device-Token")!
}
