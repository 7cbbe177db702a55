import Foundation
import HallCore
import HallStore
import Hummingbird

/// The administrator's figures: satisfaction (`/stats/satisfaction?by=window|staff|service`), the
/// bad ratings to follow up (`/ratings/bad`) over a period (`from`, `to`: YYYY-MM-DD, default today),
/// and today's queue (`/stats/queue`).
struct StatisticsController {
    let hall: Hall
    let database: HallDatabase
    let clock: any HallClock

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("stats/satisfaction", use: satisfaction)
            .get("stats/queue", use: queue)
            .get("ratings/bad", use: badRatings)
    }

    @Sendable func satisfaction(_ request: Request, context: HallRequestContext) async throws -> SatisfactionResponse {
        _ = try context.requireAdmin()
        let (from, to) = try await period(request)
        let byText = request.uri.queryParameters["by"].map(String.init) ?? "window"
        guard let by = StatisticsGrouping(rawValue: byText) else {
            throw APIError(.badRequest, "bad_grouping", zh: "by 须为 window、staff 或 service", en: "`by` must be window, staff or service")
        }
        let rows = try database.satisfaction(from: from, to: to, by: by)
        var levels: [String: Int] = [:]
        for row in rows { levels.merge(row.levels, uniquingKeysWith: +) }
        let total = SatisfactionRow(
            key: "total", finished: rows.reduce(0) { $0 + $1.finished }, rated: rows.reduce(0) { $0 + $1.rated }, levels: levels)
        return SatisfactionResponse(from: from, to: to, by: by, rows: rows, total: total)
    }

    @Sendable func badRatings(_ request: Request, context: HallRequestContext) async throws -> [BadRating] {
        _ = try context.requireAdmin()
        let (from, to) = try await period(request)
        return try database.badRatings(from: from, to: to)
    }

    @Sendable func queue(_ request: Request, context: HallRequestContext) async throws -> QueueStatistics {
        _ = try context.requireAdmin()
        return QueueStatistics(await hall.state)
    }

    /// `from` and `to` query dates (YYYY-MM-DD), each defaulting to today.
    private func period(_ request: Request) async throws -> (LocalDate, LocalDate) {
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        let today = LocalDate.local(clock.now(), utcOffsetMinutes: offset).date
        func date(_ name: String) throws -> LocalDate {
            guard let text = request.uri.queryParameters[Substring(name)] else { return today }
            guard let date = LocalDate(String(text)) else {
                throw APIError(.badRequest, "bad_date", zh: "\(name) 须为 YYYY-MM-DD 格式的日期", en: "`\(name)` must be a date as YYYY-MM-DD")
            }
            return date
        }
        let (from, to) = (try date("from"), try date("to"))
        guard from <= to else { throw APIError(.badRequest, "bad_period", zh: "起始日期晚于结束日期", en: "`from` is after `to`") }
        return (from, to)
    }
}

struct SatisfactionResponse: ResponseEncodable {
    var from: LocalDate
    var to: LocalDate
    var by: StatisticsGrouping
    var rows: [SatisfactionRow]
    var total: SatisfactionRow
}
