import Foundation
import HallCore
import HallStore
import Hummingbird

/// Cases (办件) for the staff, under `/api/v1/cases`: the list (`?status=overdue|ready|open|all`),
/// one case by its number, and its steps — extension (延期), ready for pickup (可取件), completed
/// (已办结), picked up (已取件). A clerk or an administrator; each step is journaled with who acted.
struct CaseController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get(use: list)
            .get(":case", use: show)
            .post(":case/extend", use: extend)
            .post(":case/ready", use: ready)
            .post(":case/complete", use: complete)
            .post(":case/picked-up", use: pickedUp)
    }

    @Sendable func list(_ request: Request, context: HallRequestContext) async throws -> CaseList {
        _ = try context.requireLogin()
        let filter = request.uri.queryParameters.get("status") ?? "open"
        guard let list = await hall.caseList(filter) else {
            throw APIError(
                .badRequest, "bad_status", zh: "status 须为 overdue、ready、open 或 all", en: "status must be overdue, ready, open or all")
        }
        return list
    }

    @Sendable func show(_ request: Request, context: HallRequestContext) async throws -> CaseView {
        _ = try context.requireLogin()
        let number = try context.parameters.require("case")
        guard let view = await hall.caseView(number) else { throw APIError.unknownCase(number) }
        return view
    }

    /// `{"reason": "需现场勘查", "promisedDate": "2026-12-30"}`.
    @Sendable func extend(_ request: Request, context: HallRequestContext) async throws -> CaseStepResult {
        let body = try await request.decode(as: ExtendRequest.self, context: context)
        return try await step(context) { .extendCase(caseNumber: $0, reason: body.reason, promisedDate: body.promisedDate, by: $1) }
    }

    @Sendable func ready(_ request: Request, context: HallRequestContext) async throws -> CaseStepResult {
        try await step(context) { .markCaseReady(caseNumber: $0, by: $1) }
    }

    @Sendable func complete(_ request: Request, context: HallRequestContext) async throws -> CaseStepResult {
        try await step(context) { .completeCase(caseNumber: $0, by: $1) }
    }

    @Sendable func pickedUp(_ request: Request, context: HallRequestContext) async throws -> CaseStepResult {
        try await step(context) { .pickUpCase(caseNumber: $0, by: $1) }
    }

    private func step(_ context: HallRequestContext, _ command: (String, String) -> HallCommand) async throws -> CaseStepResult {
        let account = try context.requireLogin()
        let number = try context.parameters.require("case")
        let entries: [JournalEntry]
        do {
            entries = try await hall.execute(command(number, account.staffID ?? account.username))
        } catch let error as HallError where error.code == "unknown_case" {
            // A case closed long ago has left the hall's book for its projection: it is closed, not unknown.
            guard let closed = await hall.caseView(number) else { throw error }
            throw HallError(
                .conflict, "case_closed", zh: "办件\(number)当前为“\(closed.statusLabel.zh)”，已结束，不能再办理",
                en: "Case \(number) is “\(closed.statusLabel.en)”: it is closed")
        }
        guard let view = await hall.caseView(number) else { throw APIError.unknownCase(number) }
        return CaseStepResult(case: view, events: entries.map(\.event))
    }
}

/// The resident's view of a case, `GET /api/v1/public/cases/{code}` (the case page `/c/{code}`
/// polls it): no login, masked name only, nothing else personal.
struct PublicCaseController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self).get(":code", use: show)
    }

    @Sendable func show(_ request: Request, context: HallRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let view = await hall.publicCaseView(code: code) else { throw APIError.unknownCaseCode }
        var response = try view.response(from: request, context: context)
        // A resident's case page is nobody else's business: no shared cache keeps it.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

struct ExtendRequest: Decodable {
    var reason: String
    var promisedDate: LocalDate
}

extension APIError {
    static let unknownCaseCode = APIError(
        .notFound, "unknown_case", zh: "没有找到该办件，请核对凭证上的二维码", en: "No case has this code; check the receipt's QR code")

    static func unknownCase(_ number: String) -> APIError {
        APIError(.notFound, "unknown_case", zh: "没有该办件编号：\(number)", en: "Unknown case number: \(number)")
    }
}
