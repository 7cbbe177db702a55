import Foundation
import HallCore
import HallStore
import Hummingbird

/// The follow-ups of bad ratings (差评整改), `/follow-ups`: the administrator lists them and assigns
/// each to a staff member; the administrator or the assigned staff member records the call-back
/// (回访) and closes it with the cause and the corrective action. Every step is journaled with the
/// acting account.
///
/// The hall's book holds the open follow-ups and those closed in the last month
/// (``FollowUpBook/forgetClosed(before:)``); what lists or shows closed ones reads the projection,
/// which holds every follow-up ever opened.
struct FollowUpController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get(use: list)
            .get(":id", use: one)
            .post(":id/assign", use: assign)
            .post(":id/call-back", use: callBack)
            .post(":id/close", use: close)
    }

    /// `GET /follow-ups?status=open|overdue|closed|all` (default all), newest first.
    @Sendable func list(_ request: Request, context: HallRequestContext) async throws -> [FollowUpView] {
        _ = try context.requireAdmin()
        let filter = try RecordFilter(request)
        let today = await hall.calendarDay
        let followUps =
            switch filter {
            // Every open follow-up is in the book, however old.
            case .open, .overdue: await hall.followUps.all
            case .closed, .all: try hall.database.followUps(closedOnly: filter == .closed)
            }
        return followUps.map { FollowUpView($0, today: today) }
            .filter { filter.includes(closed: $0.status == .closed, overdue: $0.overdue) }
    }

    @Sendable func one(_ request: Request, context: HallRequestContext) async throws -> FollowUpView {
        _ = try context.requireAdmin()
        let id = try context.parameters.require("id")
        guard let followUp = try await followUp(id) else { throw Self.unknown(id) }
        return FollowUpView(followUp, today: await hall.calendarDay)
    }

    /// The follow-up `id`: from the hall's book, or from the projection when it closed long ago.
    private func followUp(_ id: String) async throws -> FollowUp? {
        if let followUp = await hall.followUps[id] { return followUp }
        return try hall.database.followUp(id: id)
    }

    /// `{"staff": "zhang"}` (administrator).
    @Sendable func assign(_ request: Request, context: HallRequestContext) async throws -> FollowUpView {
        let account = try context.requireAdmin()
        let id = try context.parameters.require("id")
        let body = try await request.decode(as: FollowUpAssignRequest.self, context: context)
        return try await run(.assign(id: id, staffID: body.staff, by: account.username), id: id)
    }

    /// `{"reached": true, "note": "已致歉，群众表示理解"}`.
    @Sendable func callBack(_ request: Request, context: HallRequestContext) async throws -> FollowUpView {
        let id = try context.parameters.require("id")
        let account = try await requireResponsible(context, id: id)
        let body = try await request.decode(as: FollowUpCallBackRequest.self, context: context)
        return try await run(.callBack(id: id, reached: body.reached, note: body.note, by: account), id: id)
    }

    /// `{"cause": "…", "action": "…"}`.
    @Sendable func close(_ request: Request, context: HallRequestContext) async throws -> FollowUpView {
        let id = try context.parameters.require("id")
        let account = try await requireResponsible(context, id: id)
        let body = try await request.decode(as: FollowUpCloseRequest.self, context: context)
        return try await run(.close(id: id, cause: body.cause, action: body.action, by: account), id: id)
    }

    private func run(_ command: FollowUpCommand, id: String) async throws -> FollowUpView {
        let followUp: FollowUp?
        do {
            followUp = try await hall.execute(command, id: id)
        } catch let error as HallError where error.code == "unknown_follow_up" {
            // A follow-up closed long ago has left the hall's book for its projection: it is closed, not unknown.
            guard try hall.database.followUp(id: id) != nil else { throw error }
            throw HallError(.conflict, "follow_up_closed", zh: "该差评整改已办结", en: "The follow-up is closed")
        }
        guard let followUp else { throw Self.unknown(id) }
        return FollowUpView(followUp, today: await hall.calendarDay)
    }

    /// An administrator, or the staff member the follow-up is assigned to; answers the account's name.
    private func requireResponsible(_ context: HallRequestContext, id: String) async throws -> String {
        let account = try context.requireLogin()
        if account.role == .admin { return account.username }
        guard let staffID = account.staffID, try await followUp(id)?.assignee == staffID else {
            throw APIError(
                .forbidden, "not_responsible", zh: "只有管理员或整改责任人可以办理", en: "Only an administrator or the person assigned may do this")
        }
        return account.username
    }

    static func unknown(_ id: String) -> APIError {
        APIError(.notFound, "unknown_follow_up", zh: "没有该差评整改：\(id)", en: "Unknown follow-up: \(id)")
    }
}

struct FollowUpAssignRequest: Decodable {
    var staff: String
}

struct FollowUpCallBackRequest: Decodable {
    var reached: Bool
    var note: String
}

struct FollowUpCloseRequest: Decodable {
    var cause: String
    var action: String
}

/// A follow-up as the admin page shows it, with whether it is overdue today.
struct FollowUpView: ResponseEncodable, Sendable {
    var id: String
    var level: Int
    var levelLabel: LocalizedText
    var reason: String?
    var window: Int
    var ratedStaffID: String?
    var serviceID: String
    var openedAt: Date
    var due: LocalDate
    var status: FollowUp.Status
    var overdue: Bool
    var assignee: String?
    var cause: String?
    var action: String?
    var closedAt: Date?
    var closedBy: String?
    var history: [FollowUp.Step]

    init(_ f: FollowUp, today: LocalDate) {
        id = f.id
        level = f.level.rawValue
        levelLabel = f.level.label
        reason = f.reason
        window = f.window
        ratedStaffID = f.ratedStaffID
        serviceID = f.serviceID
        openedAt = f.openedAt
        due = f.due
        status = f.status
        overdue = f.isOverdue(today: today)
        assignee = f.assignee
        cause = f.cause
        action = f.action
        closedAt = f.closedAt
        closedBy = f.closedBy
        history = f.history
    }
}
