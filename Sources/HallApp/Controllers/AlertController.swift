import Foundation
import HallCore
import HallStore
import Hummingbird

/// The alerts raised and not yet cleared (预警), `GET /alerts`: all of them for an administrator,
/// those concerning their window for a clerk (or `?window=N`), with whether to sound a tone.
struct AlertController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get(use: list)
    }

    @Sendable func list(_ request: Request, context: HallRequestContext) async throws -> AlertsView {
        let account = try context.requireLogin()
        var window: Int?
        if let text = request.uri.queryParameters["window"] {
            guard let number = Int(String(text)) else {
                throw APIError(.badRequest, "bad_window", zh: "窗口号须为数字", en: "The window number must be a number")
            }
            window = number
        }
        if account.role != .admin {
            guard let own = context.session?.window else {
                throw APIError(.forbidden, "no_window", zh: "请先登录一个窗口", en: "Log in to a window first")
            }
            if let window, window != own {
                throw APIError(.forbidden, "other_window", zh: "只能查看本窗口的预警", en: "Clerks see their own window's alerts only")
            }
            window = own
        }
        let alerts = await hall.alerts.filter { alert in window.map { alert.windows.contains($0) } ?? true }
        return AlertsView(sound: await hall.configuration.alertPolicy.sound, alerts: alerts)
    }
}

/// The alerts a console shows.
struct AlertsView: ResponseEncodable, Sendable {
    /// Whether the hall file asks for a tone when an alert arrives.
    var sound: Bool
    var alerts: [Alert]
}
