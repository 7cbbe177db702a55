import Foundation

extension HallEvent {
    /// Whether the event starts a new hall day (yesterday's visits leave the state).
    public var startsDay: Bool { if case .dayStarted = self { true } else { false } }

    /// The visit the event is about, if it is about one: the runtime redraws that visit's place in
    /// the waiting line. `dayStarted` names none (it empties every line).
    public var visitID: String? {
        switch self {
        case .ticketIssued(let t): t.visitID
        case .ratingRecorded(let r): r.visitID
        case .visitCalled(let id, _, _, _, _), .serviceStarted(let id, _), .visitFinished(let id, _, _), .visitNoShow(let id, _, _),
            .visitTransferred(let id, _, _, _, _), .visitHeld(let id, _), .visitResumed(let id, _), .visitCancelled(let id, _),
            .ratingExpired(let id):
            id
        // MARK: cases (办件): outcomes and papers change nothing of the visit's place in the line.
        case .visitOutcome, .caseAccepted, .caseExtended, .caseReady, .caseCompleted, .casePickedUp, .documentPrinted: nil
        // A dropped print job names its visit, but changes nothing of its place in the line.
        case .dayStarted, .windowOpened, .windowPaused, .windowClosed, .presenceChanged, .deviceStatusChanged, .printJobDropped: nil
        // MARK: accountability: a follow-up's id is its visit's, but none changes the waiting line.
        case .followUp, .complaint, .alertRaised, .alertCleared: nil
        // MARK: appointments (预约)
        case .appointment: nil
        // MARK: guide desk (咨询引导台)
        case .guideDesk: nil
        // MARK: cases (harden)
        case .windowTakenOver: nil
        }
    }
}
