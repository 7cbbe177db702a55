import Foundation

extension CodingUserInfoKey {
    /// Set to `true` to include secrets (the ticket's rating code) when encoding events: the journal
    /// does, the live feed and the API do not.
    public static let includeSecrets = CodingUserInfoKey(rawValue: "hall.includeSecrets")!
}

extension HallEvent: Codable {
    private enum Key: String, CodingKey {
        case type, date, visitID, number, window, recall, calls, staffID, reason, fromWindow, toService, toWindow
        case position, presence, deviceID, kind, status, jobID
        // MARK: cases (办件)
        case caseNumber, promisedDate, by, document
        case id
        // MARK: keys (harden)
        case from
    }

    /// The event's wire name, e.g. `ticketIssued`.
    public var type: String {
        switch self {
        case .dayStarted: "dayStarted"
        case .ticketIssued: "ticketIssued"
        case .visitCalled: "visitCalled"
        case .serviceStarted: "serviceStarted"
        case .visitFinished: "visitFinished"
        case .visitNoShow: "visitNoShow"
        case .visitTransferred: "visitTransferred"
        case .visitHeld: "visitHeld"
        case .visitResumed: "visitResumed"
        case .visitCancelled: "visitCancelled"
        case .windowOpened: "windowOpened"
        case .windowPaused: "windowPaused"
        case .windowClosed: "windowClosed"
        case .presenceChanged: "presenceChanged"
        case .ratingRecorded: "ratingRecorded"
        case .ratingExpired: "ratingExpired"
        case .deviceStatusChanged: "deviceStatusChanged"
        case .printJobDropped: "printJobDropped"
        // MARK: cases (办件)
        case .visitOutcome: "visitOutcome"
        case .caseAccepted: "caseAccepted"
        case .caseExtended: "caseExtended"
        case .caseReady: "caseReady"
        case .caseCompleted: "caseCompleted"
        case .casePickedUp: "casePickedUp"
        case .documentPrinted: "documentPrinted"
        // MARK: accountability
        case .followUp(let e): e.type
        case .complaint(let e): e.type
        case .alertRaised: "alertRaised"
        case .alertCleared: "alertCleared"
        // MARK: appointments (预约)
        case .appointment(let e): e.type
        // MARK: guide desk (咨询引导台)
        case .guideDesk(let e): e.type
        // MARK: cases (harden)
        case .windowTakenOver: "windowTakenOver"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .ticketIssued(let t):
            try TicketPayload(t, includeSecret: encoder.userInfo[.includeSecrets] as? Bool == true).encode(to: encoder)
        case .ratingRecorded(let r):
            try r.encode(to: encoder)
        // MARK: cases (办件)
        case .visitOutcome(let o):
            try o.encode(to: encoder)
        case .caseAccepted(let a):
            var accepted = a
            if encoder.userInfo[.includeSecrets] as? Bool != true { accepted.code = "" }
            try accepted.encode(to: encoder)
        // MARK: accountability
        case .followUp(let e):
            try e.encode(to: encoder)
        case .complaint(let e):
            try e.encode(to: encoder)
        case .alertRaised(let alert):
            try alert.encode(to: encoder)
        // MARK: appointments (预约)
        case .appointment(let e):
            try e.encode(to: encoder)
        // MARK: guide desk (咨询引导台)
        case .guideDesk(let e):
            try e.encode(to: encoder)
        default:
            break
        }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .dayStarted(let date):
            try c.encode(date, forKey: .date)
        case .ticketIssued, .ratingRecorded, .visitOutcome, .caseAccepted, .followUp, .complaint, .alertRaised:
            break
        // MARK: appointments (预约)
        case .appointment:
            break
        // MARK: guide desk (咨询引导台)
        case .guideDesk:
            break
        case .visitCalled(let id, let number, let window, let recall, let calls):
            try c.encode(id, forKey: .visitID)
            try c.encode(number, forKey: .number)
            try c.encode(window, forKey: .window)
            try c.encode(recall, forKey: .recall)
            try c.encode(calls, forKey: .calls)
        case .serviceStarted(let id, let window), .visitHeld(let id, let window), .visitResumed(let id, let window):
            try c.encode(id, forKey: .visitID)
            try c.encode(window, forKey: .window)
        case .visitFinished(let id, let window, let staff):
            try c.encode(id, forKey: .visitID)
            try c.encode(window, forKey: .window)
            try c.encodeIfPresent(staff, forKey: .staffID)
        case .visitNoShow(let id, let window, let reason):
            try c.encode(id, forKey: .visitID)
            try c.encode(window, forKey: .window)
            try c.encode(reason, forKey: .reason)
        case .visitTransferred(let id, let from, let service, let toWindow, let position):
            try c.encode(id, forKey: .visitID)
            try c.encode(from, forKey: .fromWindow)
            try c.encode(service, forKey: .toService)
            try c.encodeIfPresent(toWindow, forKey: .toWindow)
            try c.encode(position, forKey: .position)
        case .visitCancelled(let id, let reason):
            try c.encode(id, forKey: .visitID)
            try c.encode(reason, forKey: .reason)
        case .windowOpened(let window, let staff):
            try c.encode(window, forKey: .window)
            try c.encodeIfPresent(staff, forKey: .staffID)
        case .windowPaused(let window, let reason):
            try c.encode(window, forKey: .window)
            try c.encode(reason, forKey: .reason)
        case .windowClosed(let window):
            try c.encode(window, forKey: .window)
        case .presenceChanged(let staff, let presence):
            try c.encode(staff, forKey: .staffID)
            try c.encode(presence, forKey: .presence)
        case .ratingExpired(let id):
            try c.encode(id, forKey: .visitID)
        case .deviceStatusChanged(let id, let kind, let window, let status):
            try c.encode(id, forKey: .deviceID)
            try c.encode(kind, forKey: .kind)
            try c.encodeIfPresent(window, forKey: .window)
            try c.encode(status, forKey: .status)
        case .printJobDropped(let id, let job, let visit, let reason):
            try c.encode(id, forKey: .deviceID)
            try c.encode(job, forKey: .jobID)
            try c.encodeIfPresent(visit, forKey: .visitID)
            try c.encode(reason, forKey: .reason)
        // MARK: cases (办件)
        case .caseExtended(let number, let reason, let date, let by):
            try c.encode(number, forKey: .caseNumber)
            try c.encode(reason, forKey: .reason)
            try c.encode(date, forKey: .promisedDate)
            try c.encodeIfPresent(by, forKey: .by)
        case .caseReady(let number, let by), .caseCompleted(let number, let by), .casePickedUp(let number, let by):
            try c.encode(number, forKey: .caseNumber)
            try c.encodeIfPresent(by, forKey: .by)
        case .documentPrinted(let visit, let document, let number, let by):
            try c.encode(visit, forKey: .visitID)
            try c.encode(document, forKey: .document)
            try c.encodeIfPresent(number, forKey: .caseNumber)
            try c.encodeIfPresent(by, forKey: .by)
        // MARK: accountability
        case .alertCleared(let id):
            try c.encode(id, forKey: .id)
        // MARK: cases (harden)
        case .windowTakenOver(let window, let by, let from):
            try c.encode(window, forKey: .window)
            try c.encode(by, forKey: .by)
            try c.encode(from, forKey: .from)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "dayStarted": self = .dayStarted(date: try c.decode(LocalDate.self, forKey: .date))
        case "ticketIssued": self = .ticketIssued(try TicketPayload(from: decoder).event)
        case "ratingRecorded": self = .ratingRecorded(try RatingRecorded(from: decoder))
        case "visitCalled":
            self = .visitCalled(
                visitID: try c.decode(String.self, forKey: .visitID), number: try c.decode(String.self, forKey: .number),
                window: try c.decode(Int.self, forKey: .window), recall: try c.decode(Bool.self, forKey: .recall),
                calls: try c.decode(Int.self, forKey: .calls))
        case "serviceStarted":
            self = .serviceStarted(visitID: try c.decode(String.self, forKey: .visitID), window: try c.decode(Int.self, forKey: .window))
        case "visitHeld":
            self = .visitHeld(visitID: try c.decode(String.self, forKey: .visitID), window: try c.decode(Int.self, forKey: .window))
        case "visitResumed":
            self = .visitResumed(visitID: try c.decode(String.self, forKey: .visitID), window: try c.decode(Int.self, forKey: .window))
        case "visitFinished":
            self = .visitFinished(
                visitID: try c.decode(String.self, forKey: .visitID), window: try c.decode(Int.self, forKey: .window),
                staffID: try c.decodeIfPresent(String.self, forKey: .staffID))
        case "visitNoShow":
            self = .visitNoShow(
                visitID: try c.decode(String.self, forKey: .visitID), window: try c.decode(Int.self, forKey: .window),
                reason: try c.decode(NoShowReason.self, forKey: .reason))
        case "visitTransferred":
            self = .visitTransferred(
                visitID: try c.decode(String.self, forKey: .visitID), fromWindow: try c.decode(Int.self, forKey: .fromWindow),
                toService: try c.decode(String.self, forKey: .toService), toWindow: try c.decodeIfPresent(Int.self, forKey: .toWindow),
                position: try c.decode(LinePosition.self, forKey: .position))
        case "visitCancelled":
            self = .visitCancelled(
                visitID: try c.decode(String.self, forKey: .visitID), reason: try c.decode(CancelReason.self, forKey: .reason))
        case "windowOpened":
            self = .windowOpened(
                window: try c.decode(Int.self, forKey: .window), staffID: try c.decodeIfPresent(String.self, forKey: .staffID))
        case "windowPaused":
            self = .windowPaused(window: try c.decode(Int.self, forKey: .window), reason: try c.decode(String.self, forKey: .reason))
        case "windowClosed": self = .windowClosed(window: try c.decode(Int.self, forKey: .window))
        case "presenceChanged":
            self = .presenceChanged(
                staffID: try c.decode(String.self, forKey: .staffID), presence: try c.decode(Presence.self, forKey: .presence))
        case "ratingExpired": self = .ratingExpired(visitID: try c.decode(String.self, forKey: .visitID))
        case "deviceStatusChanged":
            self = .deviceStatusChanged(
                deviceID: try c.decode(String.self, forKey: .deviceID), kind: try c.decode(String.self, forKey: .kind),
                window: try c.decodeIfPresent(Int.self, forKey: .window), status: try c.decode(DeviceState.Status.self, forKey: .status))
        case "printJobDropped":
            self = .printJobDropped(
                deviceID: try c.decode(String.self, forKey: .deviceID), jobID: try c.decode(String.self, forKey: .jobID),
                visitID: try c.decodeIfPresent(String.self, forKey: .visitID), reason: try c.decode(String.self, forKey: .reason))
        // MARK: cases (办件)
        case "visitOutcome": self = .visitOutcome(try VisitOutcomeRecorded(from: decoder))
        case "caseAccepted": self = .caseAccepted(try CaseAccepted(from: decoder))
        case "caseExtended":
            self = .caseExtended(
                caseNumber: try c.decode(String.self, forKey: .caseNumber), reason: try c.decode(String.self, forKey: .reason),
                promisedDate: try c.decode(LocalDate.self, forKey: .promisedDate), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "caseReady":
            self = .caseReady(
                caseNumber: try c.decode(String.self, forKey: .caseNumber), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "caseCompleted":
            self = .caseCompleted(
                caseNumber: try c.decode(String.self, forKey: .caseNumber), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "casePickedUp":
            self = .casePickedUp(
                caseNumber: try c.decode(String.self, forKey: .caseNumber), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "documentPrinted":
            self = .documentPrinted(
                visitID: try c.decode(String.self, forKey: .visitID), document: try c.decode(CaseDocument.self, forKey: .document),
                caseNumber: try c.decodeIfPresent(String.self, forKey: .caseNumber), by: try c.decodeIfPresent(String.self, forKey: .by))
        // MARK: accountability
        case _ where FollowUpEvent.types.contains(type): self = .followUp(try FollowUpEvent(type: type, from: decoder))
        case _ where ComplaintEvent.types.contains(type): self = .complaint(try ComplaintEvent(type: type, from: decoder))
        case "alertRaised": self = .alertRaised(try Alert(from: decoder))
        case "alertCleared": self = .alertCleared(id: try c.decode(String.self, forKey: .id))
        // MARK: appointments (预约)
        case _ where AppointmentEvent.types.contains(type):
            self = .appointment(try AppointmentEvent(from: decoder))
        // MARK: guide desk (咨询引导台)
        case _ where GuideDeskEvent.types.contains(type):
            self = .guideDesk(try GuideDeskEvent(from: decoder))
        // MARK: cases (harden)
        case "windowTakenOver":
            self = .windowTakenOver(
                window: try c.decode(Int.self, forKey: .window), by: try c.decode(String.self, forKey: .by),
                from: try c.decode(String.self, forKey: .from))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type \(type)")
        }
    }
}

/// The ticket event on the wire, with the secret only where asked for.
private struct TicketPayload: Codable {
    var visitID: String
    var number: String
    var serviceID: String
    var priority: Priority
    var ahead: Int
    var estimatedWaitSeconds: Int?
    var appointmentAt: Date?
    var secret: String?
    var by: String?

    init(_ t: HallEvent.TicketIssued, includeSecret: Bool) {
        visitID = t.visitID
        number = t.number
        serviceID = t.serviceID
        priority = t.priority
        ahead = t.ahead
        estimatedWaitSeconds = t.estimatedWaitSeconds
        appointmentAt = t.appointmentAt
        secret = includeSecret ? t.secret : nil
        by = t.by
    }

    var event: HallEvent.TicketIssued {
        HallEvent.TicketIssued(
            visitID: visitID, number: number, serviceID: serviceID, priority: priority, ahead: ahead,
            estimatedWaitSeconds: estimatedWaitSeconds, appointmentAt: appointmentAt, secret: secret ?? "", by: by)
    }
}

extension HallEvent {
    /// The journal's bytes for a ticket without an appointment, by far the commonest entry, written
    /// by hand (``JSONText``): the object the journal's `JSONEncoder` writes for it, escaped as it
    /// escapes (secrets included, slashes escaped), its keys in the payload's order where the
    /// encoder's order changes from run to run; `JournalJSONTests` checks it. Nil for every other
    /// event, which the encoder writes.
    public var journalTicketJSON: [UInt8]? {
        guard case .ticketIssued(let t) = self, t.appointmentAt == nil else { return nil }
        var j = JSONText(capacity: 256, escapingSlashes: true)
        j.open()
        j.field("visitID", first: true)
        j.string(t.visitID)
        j.field("number")
        j.string(t.number)
        j.field("serviceID")
        j.string(t.serviceID)
        j.field("priority")
        j.string(t.priority.rawValue)
        j.field("ahead")
        j.int(t.ahead)
        if let wait = t.estimatedWaitSeconds {
            j.field("estimatedWaitSeconds")
            j.int(wait)
        }
        j.field("secret")
        j.string(t.secret)
        if let by = t.by {
            j.field("by")
            j.string(by)
        }
        j.field("type")
        j.string(type)
        j.close()
        return j.bytes
    }
}
