import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird

/// Rating a visit (好差评), `POST /visits/{id}/rating`: from the window's evaluator (its device
/// token in `X-Device-Token`) or from the resident with the code printed on the ticket.
///
/// Guessing is made useless: a wrong token, a wrong code, an unknown visit and a visit the evaluator
/// may not rate all answer the same 403 `rating_refused` (no oracle for which part was wrong), tokens
/// and codes are compared in constant time, and an address with `refusalsPerMinute` refusals in a
/// row is answered 429 `too_many_attempts` until its bucket refills.
struct RatingController {
    let hall: Hall
    let database: HallDatabase
    /// Refused attempts per client address: a burst of 10, then one every 6 s.
    var refusals = RateLimiter(perMinute: RatingController.refusalsPerMinute, burst: 10)
    /// The hall's clock: the buckets refill on the time the hall keeps (a test's clock stands still).
    let clock: any HallClock

    static let refusalsPerMinute = 10

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post(":id/rating", use: rate)
    }

    /// `{"level": "满意"}` (or 5…1), with `"reason"` for a bad rating and `"code"` from a resident → 201.
    @Sendable func rate(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<ActionResult> {
        let client = context.clientKey
        guard refusals.hasToken(client, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "too_many_attempts", zh: "评价尝试过于频繁，请稍后再试",
                en: "Too many refused ratings from this address; try again shortly")
            error.headers[.retryAfter] = "\(refusals.secondsUntilToken(client, now: clock.now()))"
            throw error
        }
        let id = try context.parameters.require("id")
        let body = try await request.decode(as: RatingRequest.self, context: context)
        let source: RatingSource
        if let token = request.headers[.deviceToken] {
            guard let window = try evaluatorWindow(token: token), await hall.state.windows[window]?.awaitingRating == id else {
                throw refused(client)
            }
            source = .evaluator(window: window)
        } else if let code = body.code {
            let code = code.uppercased().replacingOccurrences(of: "-", with: "")
            let secret = await hall.state.secret(of: id)
            guard Self.constantTimeEquals(secret ?? "", code), secret?.isEmpty == false else { throw refused(client) }
            source = .ticketCode(code)
        } else {
            throw APIError(.forbidden, "code_required", zh: "请输入号票上的评价码", en: "Give the rating code printed on the ticket")
        }
        do {
            let entries = try await hall.execute(.rate(visitID: id, level: body.level, reason: body.reason, source: source))
            return EditedResponse(status: .created, response: ActionResult(entries))
        } catch let error as HallError where Self.refusalCodes.contains(error.code) {
            // The hall moved on between the check and the command: answer as any refusal.
            throw refused(client)
        }
    }

    /// The hall's refusals that would tell a guesser which part was wrong.
    static let refusalCodes: Set<String> = ["unknown_visit", "wrong_code", "not_this_evaluator"]

    /// The one answer for a wrong token, a wrong code and a visit that is not this caller's to rate;
    /// the refusal counts against the address.
    private func refused(_ client: String) -> APIError {
        _ = refusals.allow(client, now: clock.now())
        return APIError(
            .forbidden, "rating_refused", zh: "评价未被接受：评价码或设备令牌不正确，或该办件现在不能由此评价",
            en: "Rating refused: the code or device token is wrong, or that visit cannot be rated from here now")
    }

    /// The window whose evaluator holds `token`, comparing it with every registered token in constant time.
    private func evaluatorWindow(token: String) throws -> Int? {
        var match: Int?
        for (window, candidate) in try database.evaluatorTokens() where Self.constantTimeEquals(candidate, token) {
            match = window
        }
        return match
    }

    /// Whether `a` and `b` are equal, in a time that depends only on their lengths, not on where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        var difference = UInt(x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            difference |= UInt((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0))
        }
        return difference == 0
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
