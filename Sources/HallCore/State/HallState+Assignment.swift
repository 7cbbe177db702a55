import Foundation

/// Which waiting visit a window calls next.
///
/// In this order:
/// 1. **Appointments** (预约) whose slot has started, earliest slot first.
/// 2. **Tiers**: visits transferred to this very window, then the window's primary services, then
///    its backup services (the AB post). A later tier is looked at only when the earlier ones are empty.
/// 3. Within a tier, visits **transferred to the front** of a line first; then **priority** visits
///    (elderly, disabled, urgent) before normal ones — except that after
///    ``HallPolicy/priorityStreakLimit`` priority calls in a row at this window, the longest-waiting
///    normal visit is called, so normal residents are never starved.
/// 4. Then the **longest-waiting** visit: earliest time joined the line first (ascending), ties
///    broken by the order of joining.
extension HallState {
    public func nextVisit(for windowNumber: Int, at now: Date) -> String? {
        guard let config = configuration.window(windowNumber), let window = windows[windowNumber] else { return nil }
        let served = Set(config.primaryServices + config.backupServices)

        let dueAppointments = appointments.compactMap { visits[$0] }.filter {
            $0.status == .waiting && ($0.appointmentAt ?? .distantFuture) <= now
                && ($0.targetWindow == windowNumber || ($0.targetWindow == nil && served.contains($0.serviceID)))
        }
        if let first = dueAppointments.min(by: { ($0.appointmentAt!, $0.queueOrder) < ($1.appointmentAt!, $1.queueOrder) }) {
            return first.id
        }

        let tiers: [[WaitingLine]] = [
            windowLines[windowNumber].map { [$0] } ?? [],
            config.primaryServices.compactMap { lines[$0] },
            config.backupServices.compactMap { lines[$0] },
        ]
        for tier in tiers {
            let normalHeads = tier.compactMap { $0.normal.first }.compactMap { visits[$0] }
            let priorityHeads = tier.compactMap { $0.priority.first }.compactMap { visits[$0] }
            let bestNormal = earliest(normalHeads)
            let bestPriority = earliest(priorityHeads)
            if let front = earliest((normalHeads + priorityHeads).filter(\.front)) { return front.id }
            if let bestPriority, bestNormal == nil || window.priorityStreak < configuration.policy.priorityStreakLimit {
                return bestPriority.id
            }
            if let bestNormal { return bestNormal.id }
        }
        return nil
    }

    /// The visit that has waited longest: earliest `queuedAt`, then earliest joining order.
    private func earliest(_ candidates: [Visit]) -> Visit? {
        candidates.min { ($0.queuedAt, $0.queueOrder) < ($1.queuedAt, $1.queueOrder) }
    }
}
