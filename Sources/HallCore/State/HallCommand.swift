import Foundation

/// Where a transferred visit joins its new line.
public enum LinePosition: String, Sendable, Hashable, Codable {
    case front
    case back
}

/// Everything that can be asked of the hall. Each becomes events or a typed error.
public enum HallCommand: Sendable, Hashable {
    /// A resident takes a ticket. `secret` is the code printed on the ticket for rating by phone.
    /// `by` is the staff account issuing it for the resident (the guide desk, an administrator); nil
    /// at the kiosk, where the special channel (特事特办) is not self-service.
    case issueTicket(serviceID: String, priority: Priority, secret: String, appointmentAt: Date? = nil, by: String? = nil)
    case callNext(window: Int)
    case recall(window: Int)
    /// The resident has arrived at the window: service starts.
    case start(window: Int)
    /// The called resident did not come (过号).
    case skip(window: Int)
    case transfer(window: Int, toService: String?, toWindow: Int?, position: LinePosition)
    case hold(window: Int)
    /// Take a held visit back into service; nil resumes the window's longest-held visit.
    case resume(window: Int, visitID: String?)
    /// Finishes the window's current visit with its outcome; an accepted visit needs the `intake`
    /// and becomes a case. A keypad's finish key sends ``VisitOutcome/settled``.
    case finish(window: Int, outcome: VisitOutcome = .settled, intake: CaseIntake? = nil)
    case pause(window: Int, reason: String)
    /// Open (or reopen after a pause) a window, with the staff member now holding it.
    case open(window: Int, staffID: String?)
    case close(window: Int)
    case setPresence(staffID: String, presence: Presence)
    case rate(visitID: String, level: RatingLevel, reason: String?, source: RatingSource)
    case cancel(visitID: String)
    /// A device (printer, evaluator, keypad, bus, scanner) reports its status. Nothing happens when
    /// the status is the one the hall already holds for it.
    case reportDevice(deviceID: String, kind: String, window: Int?, status: DeviceState.Status)
    /// A printer gave up a held printout (see ``HallEvent/printJobDropped(deviceID:jobID:visitID:reason:)``).
    case reportDroppedPrint(deviceID: String, jobID: String, visitID: String?, reason: String)
    // MARK: cases (办件)
    /// Extends a case's time limit (延期手续) to `promisedDate`, for `reason`.
    case extendCase(caseNumber: String, reason: String, promisedDate: LocalDate, by: String?)
    /// The case's result is ready for pickup (可取件).
    case markCaseReady(caseNumber: String, by: String?)
    /// The case is done with nothing to collect (已办结).
    case completeCase(caseNumber: String, by: String?)
    /// The resident collected the result (已取件).
    case pickUpCase(caseNumber: String, by: String?)
    /// A paper about a visit's outcome was printed: journaled on the visit.
    case recordPrint(visitID: String, document: CaseDocument, by: String?)
    // MARK: accountability (差评整改, 投诉建议)
    /// A step of a bad rating's follow-up.
    case followUp(FollowUpCommand)
    /// A complaint or suggestion, made or handled.
    case complaint(ComplaintCommand)
    // MARK: appointments (预约)
    /// Book, check in, or release missed appointments (``AppointmentCommand``).
    case appointment(AppointmentCommand)
    // MARK: guide desk (咨询引导台)
    /// Log a consultation, register or complete a home-service request (``GuideDeskCommand``).
    case guideDesk(GuideDeskCommand)
    // MARK: cases (harden)
    /// The clerk `by` took `window` over from the clerk `from` (both account usernames).
    case takeOverWindow(window: Int, by: String, from: String)
}
