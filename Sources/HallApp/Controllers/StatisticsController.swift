import Foundation
import HallCore
import HallReports
import HallStore
import HTTPTypes
import Hummingbird
import NIOCore

/// The administrator's figures: satisfaction (`/stats/satisfaction?by=window|staff|service`), the
/// bad ratings to follow up (`/ratings/bad`) over a period (`from`, `to`: YYYY-MM-DD, default today),
/// today's queue (`/stats/queue`), queue figures of any period (`/stats/period?by=service|window|staff|hour|day`),
/// attendance from the presence history (`/stats/attendance`), and the monthly report and appraisal
/// sheet as files (`/reports/month`, `/reports/appraisal`: `month=YYYY-MM`, `format=pdf|csv`).
struct StatisticsController {
    let hall: Hall
    let database: HallDatabase
    let clock: any HallClock

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("stats/satisfaction", use: satisfaction)
            .get("stats/queue", use: queue)
            .get("ratings/bad", use: badRatings)
            .get("stats/period", use: periodStatistics)
            .get("stats/attendance", use: attendance)
            .get("reports/month", use: report(named: "monthly-report") { try $0.monthly($1).document })
            .get("reports/appraisal", use: report(named: "appraisal") { try $0.appraisal($1).document })
    }

    func reporter() async -> HallReporter { HallReporter(database: database, configuration: await hall.configuration) }

    @Sendable func periodStatistics(_ request: Request, context: HallRequestContext) async throws -> PeriodStatisticsResponse {
        _ = try context.requireAdmin()
        let (from, to) = try await period(request)
        let byText = request.uri.queryParameters["by"].map(String.init) ?? "day"
        guard let by = PeriodGrouping(rawValue: byText) else {
            throw APIError(
                .badRequest, "bad_grouping", zh: "by 须为 service、window、staff、hour 或 day",
                en: "`by` must be service, window, staff, hour or day")
        }
        let reporter = await reporter()
        let statistics = try reporter.statistics(from: from, to: to, by: by)
        return PeriodStatisticsResponse(
            from: from, to: to, by: by, waitTargetMinutes: reporter.configuration.policy.waitTargetMinutes, rows: statistics.rows,
            total: statistics.total)
    }

    @Sendable func attendance(_ request: Request, context: HallRequestContext) async throws -> AttendanceResponse {
        _ = try context.requireAdmin()
        let (from, to) = try await period(request)
        return AttendanceResponse(from: from, to: to, rows: try await reporter().attendance(from: from, to: to))
    }

    /// `GET /reports/month` and `/reports/appraisal`: the document `make` builds for the month, as a download.
    func report(
        named name: String, _ make: @escaping @Sendable (HallReporter, ReportMonth) throws -> ReportDocument
    ) -> @Sendable (Request, HallRequestContext) async throws -> Response {
        { request, context in
            _ = try context.requireAdmin()
            let (month, format) = try await reportQuery(request)
            return try Self.download(try make(await reporter(), month), format: format, name: "\(name)-\(month)")
        }
    }

    /// `month` (YYYY-MM, default this month) and `format` (pdf or csv, default pdf).
    private func reportQuery(_ request: Request) async throws -> (ReportMonth, ReportFormat) {
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        let today = LocalDate.local(clock.now(), utcOffsetMinutes: offset).date
        let monthText = request.uri.queryParameters["month"].map(String.init) ?? String(today.description.prefix(7))
        guard let month = ReportMonth(monthText) else {
            throw APIError(.badRequest, "bad_month", zh: "month 须为 YYYY-MM 格式的月份", en: "`month` must be a month as YYYY-MM")
        }
        let formatText = request.uri.queryParameters["format"].map(String.init) ?? "pdf"
        guard let format = ReportFormat(rawValue: formatText) else {
            throw APIError(.badRequest, "bad_format", zh: "format 须为 pdf 或 csv", en: "`format` must be pdf or csv")
        }
        return (month, format)
    }

    /// The file as an attachment named `name.pdf` / `name.csv`.
    static func download(_ document: ReportDocument, format: ReportFormat, name: String) throws -> Response {
        let data = try HallReporter.file(document, format: format)
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(name).\(format.rawValue)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
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

struct PeriodStatisticsResponse: ResponseEncodable {
    var from: LocalDate
    var to: LocalDate
    var by: PeriodGrouping
    var waitTargetMinutes: Int
    var rows: [PeriodFigures]
    var total: PeriodFigures
}

struct AttendanceResponse: ResponseEncodable {
    var from: LocalDate
    var to: LocalDate
    var rows: [AttendanceRow]
}
