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

    /// A clerk's window command and the window after it, in one turn of the actor: a clerk's call
    /// waits behind the kiosks' tickets once, not once for each question the console asks. When a
    /// clerk (`staffID`) acts on an open window another staff member opened, the window is first
    /// re-staffed so ratings credit the right person.
    public func executeAtWindow(_ number: Int, by staffID: String?, _ command: HallCommand) async throws -> (
        entries: [JournalEntry], window: WindowView?
    ) {
        if let staffID, let window = state.windows[number], window.status == .open, window.staffID != staffID {
            try await execute(.open(window: number, staffID: staffID))
        }
        let entries = try await execute(command)
        return (entries, windowView(number))
    }

    /// The hall day the state is on (nil before the first day started).
    public var today: LocalDate? { state.day }
}
