import HallCore

extension Hall {
    /// Today's date when ticket `number` was called at `window` today (for `recall`: called again
    /// there), else nil.
    ///
    /// The spoken-call route answers only for calls that happened, so nobody can make the hall
    /// synthesise and store audio for made-up numbers and windows. Today's visits say where each
    /// ticket was last called and whether it was recalled; the recent calls cover a ticket that was
    /// called at one window and has moved on since (a transfer).
    public func callDay(number: String, window: Int, recall: Bool) -> LocalDate? {
        guard let day = state.day else { return nil }
        if state.recentCalls.contains(where: { $0.number == number && $0.window == window && $0.recall == recall }) { return day }
        let called = state.visits.values.contains { visit in
            visit.number == number && visit.window == window && visit.calledAt != nil && (!recall || visit.recalls > 0)
        }
        return called ? day : nil
    }

    /// The hall day the state is on (nil before the first day started).
    public var today: LocalDate? { state.day }
}
