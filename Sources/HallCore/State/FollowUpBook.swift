import Foundation

/// The follow-ups of bad ratings still being worked on, and those closed lately: the follow-ups
/// outlive the day, so the book is rebuilt at start from its own projection (never by replaying the
/// journal), then kept by the events. Pure like ``HallState``: ``decide(_:at:configuration:)``
/// answers events or a refusal, ``apply(_:at:)`` is the only change.
///
/// A follow-up closed more than ``CaseBook/keptClosedDays`` ago leaves the book when a day starts
/// (``forgetClosed(before:)``), as a closed case does: no command acts on it any more, and the
/// projection (`followUps` table) keeps it for the admin page and the reports. An open follow-up
/// stays however old it is.
public struct FollowUpBook: Sendable, Hashable {
    public private(set) var items: [String: FollowUp] = [:]

    public init(_ followUps: [FollowUp] = []) {
        for followUp in followUps { items[followUp.id] = followUp }
    }

    /// Drops the follow-ups closed before `cutoff` (``CaseBook/forgettingCutoff(dayStartedAt:)``).
    public mutating func forgetClosed(before cutoff: Date) {
        for (id, followUp) in items where followUp.status == .closed && (followUp.closedAt ?? .distantPast) < cutoff {
            items[id] = nil
        }
    }

    public subscript(id: String) -> FollowUp? { items[id] }

    /// Newest first.
    public var all: [FollowUp] { items.values.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) } }

    /// The follow-up a bad rating opens, due `followUpDueWorkingDays` working days after the rating's day.
    public static func opening(for r: HallEvent.RatingRecorded, at now: Date, configuration: HallConfiguration) -> FollowUpEvent? {
        guard r.level.isBad else { return nil }
        let schedule = configuration.schedule
        let today = LocalDate.local(now, utcOffsetMinutes: schedule.utcOffsetMinutes).date
        let days = configuration.alertPolicy.followUpDueWorkingDays
        return .opened(
            FollowUpEvent.Opening(
                id: r.visitID, level: r.level, reason: r.reason, window: r.window, ratedStaffID: r.staffID, serviceID: r.serviceID,
                due: schedule.adding(workingDays: days, to: today)))
    }

    public func decide(_ command: FollowUpCommand, at now: Date, configuration: HallConfiguration) throws(HallError) -> [FollowUpEvent] {
        switch command {
        case .assign(let id, let staffID, let by):
            let followUp = try open(id)
            guard configuration.staffMember(staffID) != nil else {
                throw HallError(.notFound, "unknown_staff", zh: "没有该工作人员：\(staffID)", en: "Unknown staff member: \(staffID)")
            }
            if followUp.assignee == staffID {
                throw HallError(.conflict, "already_assigned", zh: "该整改已由此人负责", en: "The follow-up is already assigned to them")
            }
            return [.assigned(id: id, staffID: staffID, by: by)]
        case .callBack(let id, let reached, let note, let by):
            let followUp = try open(id)
            try Self.requireAssignee(followUp)
            let note = try TextLimit.followUpNote.check(note)
            guard !note.isEmpty else {
                throw HallError(.invalid, "note_required", zh: "请记录回访情况", en: "Write down what the call-back found")
            }
            return [.calledBack(id: id, reached: reached, note: note, by: by)]
        case .close(let id, let cause, let action, let by):
            let followUp = try open(id)
            try Self.requireAssignee(followUp)
            let cause = try TextLimit.followUpCause.check(cause)
            let action = try TextLimit.followUpAction.check(action)
            guard !cause.isEmpty, !action.isEmpty else {
                throw HallError(.invalid, "cause_and_action_required", zh: "请填写原因和整改措施", en: "Give the cause and the corrective action")
            }
            return [.closed(id: id, cause: cause, action: action, by: by)]
        }
    }

    public mutating func apply(_ event: FollowUpEvent, at: Date) {
        if case .opened(let o) = event {
            if items[o.id] == nil { items[o.id] = FollowUp(opening: o, at: at) }
            return
        }
        items[event.id]?.apply(event, at: at)
    }

    private func open(_ id: String) throws(HallError) -> FollowUp {
        guard let followUp = items[id] else {
            throw HallError(.notFound, "unknown_follow_up", zh: "没有该差评整改：\(id)", en: "Unknown follow-up: \(id)")
        }
        guard followUp.status != .closed else {
            throw HallError(.conflict, "follow_up_closed", zh: "该差评整改已办结", en: "The follow-up is closed")
        }
        return followUp
    }

    private static func requireAssignee(_ followUp: FollowUp) throws(HallError) {
        guard followUp.assignee != nil else {
            throw HallError(.conflict, "not_assigned", zh: "请先指定整改责任人", en: "Assign the follow-up to someone first")
        }
    }
}

extension TextLimit {
    /// What the call-back (回访) found.
    public static let followUpNote = TextLimit(field: LocalizedText(zh: "回访记录", en: "call-back record"), maxCharacters: 200)
    /// The cause of a bad rating as the follow-up found it.
    public static let followUpCause = TextLimit(field: LocalizedText(zh: "原因", en: "cause"), maxCharacters: 200)
    /// The corrective action (整改措施).
    public static let followUpAction = TextLimit(field: LocalizedText(zh: "整改措施", en: "corrective action"), maxCharacters: 200)
}
