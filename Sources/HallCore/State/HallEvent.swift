import Foundation

/// What happened in the hall. Events are the journal: replaying them rebuilds the state.
///
/// Events carry no time of their own: the journal entry that holds them does (`JournalEntry.at`).
/// On the wire an event is flat: `{"type": "visitCalled", "visitID": "20261123-A001", "window": 2, …}`.
public enum HallEvent: Sendable, Hashable {
    /// A new day: numbers restart at 001, windows start closed.
    case dayStarted(date: LocalDate)
    case ticketIssued(TicketIssued)
    /// The visit was called to a window; `recall` marks a recall (重呼) and `calls` counts them all.
    case visitCalled(visitID: String, number: String, window: Int, recall: Bool, calls: Int)
    case serviceStarted(visitID: String, window: Int)
    case visitFinished(visitID: String, window: Int, staffID: String?)
    case visitNoShow(visitID: String, window: Int, reason: NoShowReason)
    case visitTransferred(visitID: String, fromWindow: Int, toService: String, toWindow: Int?, position: LinePosition)
    case visitHeld(visitID: String, window: Int)
    case visitResumed(visitID: String, window: Int)
    case visitCancelled(visitID: String, reason: CancelReason)
    case windowOpened(window: Int, staffID: String?)
    case windowPaused(window: Int, reason: String)
    case windowClosed(window: Int)
    case presenceChanged(staffID: String, presence: Presence)
    case ratingRecorded(RatingRecorded)
    /// The rating time ran out: the visit counts as not rated.
    case ratingExpired(visitID: String)
    /// A device's status changed (`ok`, `paperOut`, `unplugged` …), as its driver reported it.
    /// `kind` is `printer`, `evaluator`, `caller`, `bus` or `scanner`; `window` is nil for the kiosk's
    /// devices and for a whole bus.
    case deviceStatusChanged(deviceID: String, kind: String, window: Int?, status: DeviceState.Status)
    /// A printout held by a printer (out of paper, offline) was given up and will never print:
    /// `reason` is `expired` (a ticket after a few minutes, anything at the end of the day),
    /// `overflow` (the printer's hold was full: the oldest goes) or `restart` (the hall restarted).
    /// `visitID` is the visit the paper was for, nil when the job names none.
    case printJobDropped(deviceID: String, jobID: String, visitID: String?, reason: String)
    // MARK: cases (办件)
    /// What a finished visit came to, journaled right after its `visitFinished`.
    case visitOutcome(VisitOutcomeRecorded)
    /// An accepted application became a case (办件).
    case caseAccepted(CaseAccepted)
    /// The case's time limit was extended (延期) to `promisedDate`, for `reason`.
    case caseExtended(caseNumber: String, reason: String, promisedDate: LocalDate, by: String?)
    /// The result is ready for the resident to collect (可取件): announced on the board and case page.
    case caseReady(caseNumber: String, by: String?)
    /// The case is done with nothing to collect (已办结).
    case caseCompleted(caseNumber: String, by: String?)
    /// The resident collected the result (已取件).
    case casePickedUp(caseNumber: String, by: String?)
    /// A paper about the visit's outcome was printed (受理凭证, 一次性告知单 …).
    case documentPrinted(visitID: String, document: CaseDocument, caseNumber: String?, by: String?)
    // MARK: accountability (差评整改, 投诉建议, 预警)
    /// A step of a bad rating's follow-up (`followUpOpened`, `followUpAssigned`, …).
    case followUp(FollowUpEvent)
    /// A step of a complaint (`complaintSubmitted`, `complaintReplied`, …).
    case complaint(ComplaintEvent)
    case alertRaised(Alert)
    case alertCleared(id: String)
    // MARK: appointments (预约)
    /// An appointment was booked, checked in (its ticket is the `ticketIssued` just before) or missed.
    case appointment(AppointmentEvent)
    // MARK: guide desk (咨询引导台)
    /// A consultation logged, a home-service request registered or done.
    case guideDesk(GuideDeskEvent)
    // MARK: cases (harden)
    /// A clerk (`by`, an account) logged in to a window another clerk's session (`from`) held, and
    /// took it over: the other session ended. Nothing else of the window changes.
    case windowTakenOver(window: Int, by: String, from: String)

    public enum NoShowReason: String, Sendable, Hashable, Codable {
        /// The clerk marked the number as not present (过号).
        case skipped
        /// The recall limit was reached.
        case recallLimit
    }

    public enum CancelReason: String, Sendable, Hashable, Codable {
        case cancelled
        /// The day ended with the visit still open.
        case endOfDay
    }

    /// A ticket taken at the kiosk.
    public struct TicketIssued: Sendable, Hashable, Codable {
        public var visitID: String
        public var number: String
        public var serviceID: String
        public var priority: Priority
        /// People waiting ahead in the same line when the ticket was taken.
        public var ahead: Int
        /// Estimated wait in seconds, nil when no open window serves the service.
        public var estimatedWaitSeconds: Int?
        public var appointmentAt: Date?
        /// The rating code printed on the ticket. Journaled, never published.
        public var secret: String
        /// The staff account that issued it for the resident (guide desk); nil from the kiosk.
        public var by: String? = nil

        public init(
            visitID: String, number: String, serviceID: String, priority: Priority, ahead: Int,
            estimatedWaitSeconds: Int?, appointmentAt: Date?, secret: String, by: String? = nil
        ) {
            self.visitID = visitID
            self.number = number
            self.serviceID = serviceID
            self.priority = priority
            self.ahead = ahead
            self.estimatedWaitSeconds = estimatedWaitSeconds
            self.appointmentAt = appointmentAt
            self.secret = secret
            self.by = by
        }
    }

    /// A rating with everything the statistics need.
    public struct RatingRecorded: Sendable, Hashable, Codable {
        public var visitID: String
        public var level: RatingLevel
        public var reason: String?
        /// `evaluator` or `ticket`.
        public var source: String
        public var window: Int
        public var staffID: String?
        public var serviceID: String
        /// A bad rating from an evaluator without a screen: the resident could not give a reason,
        /// so the administrator must find it out (follow-up `reason_pending`).
        public var reasonPending: Bool

        public init(
            visitID: String, level: RatingLevel, reason: String?, source: String, window: Int, staffID: String?,
            serviceID: String, reasonPending: Bool = false
        ) {
            self.visitID = visitID
            self.level = level
            self.reason = reason
            self.source = source
            self.window = window
            self.staffID = staffID
            self.serviceID = serviceID
            self.reasonPending = reasonPending
        }

        private enum CodingKeys: String, CodingKey {
            case visitID, level, reason, source, window, staffID, serviceID, reasonPending
        }

        /// Journals written before `reasonPending` existed lack it: it is then false.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            visitID = try c.decode(String.self, forKey: .visitID)
            level = try c.decode(RatingLevel.self, forKey: .level)
            reason = try c.decodeIfPresent(String.self, forKey: .reason)
            source = try c.decode(String.self, forKey: .source)
            window = try c.decode(Int.self, forKey: .window)
            staffID = try c.decodeIfPresent(String.self, forKey: .staffID)
            serviceID = try c.decode(String.self, forKey: .serviceID)
            reasonPending = try c.decodeIfPresent(Bool.self, forKey: .reasonPending) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(visitID, forKey: .visitID)
            try c.encode(level, forKey: .level)
            try c.encodeIfPresent(reason, forKey: .reason)
            try c.encode(source, forKey: .source)
            try c.encode(window, forKey: .window)
            try c.encodeIfPresent(staffID, forKey: .staffID)
            try c.encode(serviceID, forKey: .serviceID)
            if reasonPending { try c.encode(true, forKey: .reasonPending) }
        }
    }
}

/// One journaled event with its sequence number and time.
public struct JournalEntry: Sendable, Hashable {
    /// Strictly increasing over the life of the hall; the live feed's cursor.
    public var seq: Int64
    public var at: Date
    public var event: HallEvent

    public init(seq: Int64, at: Date, event: HallEvent) {
        self.seq = seq
        self.at = at
        self.event = event
    }
}
