import Foundation
import HallCore

/// Who a picture of the hall is drawn for: what a screen on the hall's network may see.
///
/// The hall's LAN is shared with residents' phones, so the public picture carries only what a
/// public screen shows — what anyone standing in the hall could read off the boards:
///
/// | Part | Public (`/api/v1/live`, `GET /api/v1/hall` without login) | Staff (a clerk's or administrator's session) |
/// |---|---|---|
/// | services, windows, waiting line, recent calls | yes | yes |
/// | staff names, titles, phones, photos, presence and its note (去向公示) | yes | yes |
/// | device id, kind, window and status (the kiosk warns when its printer has no paper) | yes | yes |
/// | a visit's rating level (`VisitView.rating`) | no | yes |
/// | `ratingRecorded`: level, reason, source, staff id, service | no: only `{type, visitID, window}` | yes |
/// | scan progress (`scanProgress` messages) | no | yes |
/// | follow-ups, complaints (texts, phone numbers) and alerts | only `{type}` | yes |
/// | alerts (account-3) | only `{type}` | those concerning the session (``AlertScope``) |
/// | a ticket's rating code (`secret`) | never | never |
///
/// Devices' internals (paths, USB ids, profiles, bus addresses) are in no picture at all.
public enum FeedAudience: String, Sendable, Hashable, CaseIterable {
    case `public`
    case staff
}

extension VisitView {
    func visible(to audience: FeedAudience) -> VisitView {
        guard audience == .public, rating != nil else { return self }
        var visit = self
        visit.rating = nil
        return visit
    }
}

extension WindowView {
    func visible(to audience: FeedAudience) -> WindowView {
        guard audience == .public else { return self }
        var window = self
        window.current = current?.visible(to: audience)
        window.held = held.map { $0.visible(to: audience) }
        return window
    }
}

extension HallSnapshot {
    /// The snapshot with what `audience` may not see left out.
    public func visible(to audience: FeedAudience) -> HallSnapshot {
        guard audience == .public else { return self }
        var snapshot = self
        snapshot.windows = windows.map { $0.visible(to: audience) }
        snapshot.waiting = waiting.map { $0.visible(to: audience) }
        return snapshot
    }
}

extension HallEvent {
    /// A follow-up's, complaint's or alert's event: a public screen learns only its type.
    var isAccountability: Bool {
        switch self {
        case .followUp, .complaint, .alertRaised, .alertCleared: true
        default: false
        }
    }
}

/// A journal event as `audience` may see it (the rating code is never encoded: see
/// `CodingUserInfoKey.includeSecrets`).
struct FeedEvent: Encodable, Sendable {
    var event: HallEvent
    var audience: FeedAudience

    private enum PublicRatingKey: String, CodingKey { case type, visitID, window }

    func encode(to encoder: any Encoder) throws {
        if audience == .public, case .ratingRecorded(let rating) = event {
            // A public screen learns that the visit was rated, not how, why, or whom it credits.
            var c = encoder.container(keyedBy: PublicRatingKey.self)
            try c.encode(event.type, forKey: .type)
            try c.encode(rating.visitID, forKey: .visitID)
            try c.encode(rating.window, forKey: .window)
        } else if audience == .public, let reduced = PublicCaseEvent(event) {
            // MARK: cases (办件): no applicant, outcome details or who acted on a public screen.
            try reduced.encode(to: encoder)
        } else if audience == .public, event.isAccountability {
            // MARK: accountability: follow-ups, complaints (phone numbers, texts) and alerts are staff matters.
            var c = encoder.container(keyedBy: PublicRatingKey.self)
            try c.encode(event.type, forKey: .type)
        } else {
            try event.encode(to: encoder)
        }
    }
}
