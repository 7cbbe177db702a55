import Foundation
import HallCore
import HallReports
import HallStore
import Hummingbird
import Synchronization

/// 公布考核结果, `GET /public/appraisal`: last month's appraisal by window for the information board
/// (``PublicAppraisal``), when the hall file's `appraisal: publish: true` says so; 404 otherwise.
/// Public: window names, the names the boards already show and the month's figures, nothing personal.
/// A month's sheet reads the month's journal, so the answer is kept for ten minutes of the hall's
/// clock (or until the configuration changes) however many screens ask.
struct PublicAppraisalController {
    let hall: Hall
    let database: HallDatabase
    let clock: any HallClock
    let cache = PublicAppraisalCache()

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self).get(use: show)
    }

    @Sendable func show(_ request: Request, context: HallRequestContext) async throws -> PublicAppraisalView {
        let configuration = await hall.configuration
        guard configuration.policy.appraisal.publish else { throw APIError.appraisalNotPublished }
        let now = clock.now()
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        // Today's month always parses.
        guard let month = ReportMonth(String(today.description.prefix(7)))?.previous else { throw APIError.appraisalNotPublished }
        if let kept = cache.answer(month: month, configuration: configuration, at: now) { return kept }
        let sheet = try HallReporter(database: database, configuration: configuration).appraisal(month)
        let summary = PublicAppraisal(sheet, windows: configuration.windows)
        let view = PublicAppraisalView(month: summary.month, rows: summary.rows)
        cache.keep(view, month: month, configuration: configuration, at: now)
        return view
    }
}

/// The summary as the board reads it.
struct PublicAppraisalView: ResponseEncodable, Sendable, Equatable {
    /// YYYY-MM: the month before the hall's today.
    var month: String
    var rows: [PublicAppraisal.Row]
}

/// The latest answer, for one month and configuration, for ``lifetime``.
final class PublicAppraisalCache: Sendable {
    private struct Kept {
        var month: ReportMonth
        var configuration: HallConfiguration
        var at: Date
        var view: PublicAppraisalView
    }

    static let lifetime: TimeInterval = 600
    private let kept = Mutex<Kept?>(nil)

    func answer(month: ReportMonth, configuration: HallConfiguration, at now: Date) -> PublicAppraisalView? {
        kept.withLock { k in
            guard let k, k.month == month, k.configuration == configuration, now >= k.at, now.timeIntervalSince(k.at) < Self.lifetime
            else { return nil }
            return k.view
        }
    }

    func keep(_ view: PublicAppraisalView, month: ReportMonth, configuration: HallConfiguration, at now: Date) {
        kept.withLock { $0 = Kept(month: month, configuration: configuration, at: now, view: view) }
    }
}

extension APIError {
    static let appraisalNotPublished = APIError(
        .notFound, "appraisal_not_published", zh: "本大厅未公布考核结果", en: "This hall does not publish its appraisal results")
}
