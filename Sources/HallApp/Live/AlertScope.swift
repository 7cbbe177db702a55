import Foundation
import HallCore
import HallStore

/// Which alerts (预警) one screen on the staff feed receives, so a console is told of an alert the
/// moment it is raised or cleared, without asking `GET /alerts` again:
///
/// - an administrator's session: every alert;
/// - a clerk's session: the alerts concerning the window it is logged in to (``Alert/windows``: that
///   window, or the windows serving the alert's service) — the same as `GET /alerts` answers it;
/// - any other session (the guide desk, a clerk not at a window): none.
///
/// `alertCleared` names only the alert's id, so the scope remembers the ids it let through, and
/// those concerning it when the screen connected, and passes a clearing for those only.
struct AlertScope: Sendable {
    enum Reach: Sendable, Hashable {
        case all
        case window(Int)
        case none
    }

    let reach: Reach
    private var known: Set<String>

    /// The scope of a session with `account` logged in at `window`, given the alerts raised and not
    /// cleared when it connected.
    init(role: AccountRecord.Role?, window: Int?, current: [Alert]) {
        if role == .admin {
            reach = .all
        } else if let window {
            reach = .window(window)
        } else {
            reach = .none
        }
        known = []
        known = Set(current.filter(concerns).map(\.id))
    }

    /// Whether `alert` is shown on this screen.
    func concerns(_ alert: Alert) -> Bool {
        switch reach {
        case .all: true
        case .window(let number): alert.windows.contains(number)
        case .none: false
        }
    }

    /// Whether the screen receives `event`: every event but the alerts that do not concern it.
    mutating func admits(_ event: HallEvent) -> Bool {
        switch event {
        case .alertRaised(let alert):
            guard concerns(alert) else { return false }
            known.insert(alert.id)
            return true
        case .alertCleared(let id):
            return reach == .all || known.remove(id) != nil
        default:
            return true
        }
    }
}
