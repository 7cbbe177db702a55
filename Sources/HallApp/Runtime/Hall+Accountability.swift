import Foundation
import HallCore

/// What the accountability routes read from the live hall: the follow-ups of bad ratings, the
/// complaints, the alerts — each as of the latest applied event — and the hall's day for "overdue".
extension Hall {
    /// The hall's local day at the clock's `now`, for "overdue" (the state's ``today`` may lag a tick behind).
    var calendarDay: LocalDate {
        LocalDate.local(clock.now(), utcOffsetMinutes: state.configuration.schedule.utcOffsetMinutes).date
    }

    var followUps: FollowUpBook { state.followUps }
    var complaints: ComplaintBook { state.complaints }

    /// The alerts raised and not cleared, newest kinds first by id.
    var alerts: [Alert] { state.alerts.values.sorted { $0.id < $1.id } }

    /// Runs a follow-up's step and answers the follow-up after it.
    func execute(_ command: FollowUpCommand, id: String) async throws -> FollowUp? {
        try await execute(.followUp(command))
        return state.followUps[id]
    }

    /// Runs a complaint's step and answers the complaint after it.
    func execute(_ command: ComplaintCommand, code: String) async throws -> Complaint? {
        try await execute(.complaint(command))
        return state.complaints[code]
    }
}
