public import Foundation
public import HallCore

// MARK: county-4
extension VisitRecord {
    /// A visit as a projection kept it (the county's `visits` table): every field the ledger folds,
    /// so the county can hand its rows to ``MonthlyReport`` as the hall hands its ledger's.
    public static func projected(
        id: String, number: String, day: LocalDate, serviceID: String, priority: Priority, status: VisitStatus, issuedAt: Date,
        calledAt: Date?, startedAt: Date?, finishedAt: Date?, window: Int?, staffID: String?, transfers: Int, appointment: Bool,
        rating: RatingLevel?, ratingReasonPending: Bool, outcome: VisitOutcome.Kind?
    ) -> VisitRecord {
        VisitRecord(
            id: id, number: number, day: day, serviceID: serviceID, priority: priority, status: status, issuedAt: issuedAt,
            calledAt: calledAt, startedAt: startedAt, finishedAt: finishedAt, window: window, staffID: staffID, transfers: transfers,
            appointment: appointment, rating: rating, ratingReasonPending: ratingReasonPending, outcome: outcome)
    }
}
