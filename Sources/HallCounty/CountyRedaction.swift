import Foundation
import HallCore

/// What crosses the network to the county: the ONE place that decides it.
///
/// The `switch` over ``HallEvent`` has no `default`: an event case added anywhere in the hall stops
/// the build here until someone decides what of it the county may see. The rules:
/// - never a ticket's rating code (`secret`), never a phone number, never free text a person typed
///   (pause reasons, presence notes, rating reasons: the county learns only that one was given);
/// - people by their staff id, and by a masked name (张*伟) in the hall's profile;
/// - what the county's reports count: visits, services, windows, times, outcomes, rating levels.
public enum CountyRedaction {
    /// The journal entry as the county receives it; complaint and appointment codes cross as the
    /// hall's keyed `references` (``CountyReferences``).
    public static func record(_ entry: JournalEntry, references: CountyReferences) -> CountyRecord {
        var f: [String: CountyValue] = [:]
        switch entry.event {
        case .dayStarted(let date):
            f["date"] = .string(date.description)
        case .ticketIssued(let t):
            // Not `secret` (the rating code printed on the ticket), not the appointment time.
            f["visitID"] = .string(t.visitID)
            f["number"] = .string(t.number)
            f["serviceID"] = .string(t.serviceID)
            f["priority"] = .string(t.priority.rawValue)
            f["ahead"] = .int(t.ahead)
            if let wait = t.estimatedWaitSeconds { f["estimatedWaitSeconds"] = .int(wait) }
            f["appointment"] = .bool(t.appointmentAt != nil)
        case .visitCalled(let visitID, let number, let window, let recall, let calls):
            f["visitID"] = .string(visitID)
            f["number"] = .string(number)
            f["window"] = .int(window)
            f["recall"] = .bool(recall)
            f["calls"] = .int(calls)
        case .serviceStarted(let visitID, let window), .visitHeld(let visitID, let window), .visitResumed(let visitID, let window):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
        case .visitFinished(let visitID, let window, let staffID):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
            if let staffID { f["staffID"] = .string(staffID) }
        case .visitNoShow(let visitID, let window, let reason):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
            f["reason"] = .string(reason.rawValue)
        case .visitTransferred(let visitID, let fromWindow, let toService, let toWindow, let position):
            f["visitID"] = .string(visitID)
            f["fromWindow"] = .int(fromWindow)
            f["toService"] = .string(toService)
            if let toWindow { f["toWindow"] = .int(toWindow) }
            f["position"] = .string(position.rawValue)
        case .visitCancelled(let visitID, let reason):
            f["visitID"] = .string(visitID)
            f["reason"] = .string(reason.rawValue)
        case .windowOpened(let window, let staffID):
            f["window"] = .int(window)
            if let staffID { f["staffID"] = .string(staffID) }
        case .windowPaused(let window, _):
            // The clerk's pause reason is free text: it stays in the hall.
            f["window"] = .int(window)
        case .windowClosed(let window):
            f["window"] = .int(window)
        case .presenceChanged(let staffID, let presence):
            // The status only; the note (where the person went, when back) stays in the hall.
            f["staffID"] = .string(staffID)
            f["status"] = .string(presence.status.rawValue)
        case .ratingRecorded(let r):
            // The level and who/what was rated; the resident's words stay in the hall.
            f["visitID"] = .string(r.visitID)
            f["level"] = .int(r.level.rawValue)
            f["reasonGiven"] = .bool(r.reason != nil)
            f["source"] = .string(r.source)
            f["window"] = .int(r.window)
            if let staffID = r.staffID { f["staffID"] = .string(staffID) }
            f["serviceID"] = .string(r.serviceID)
            f["reasonPending"] = .bool(r.reasonPending)
        case .ratingExpired(let visitID):
            f["visitID"] = .string(visitID)
        case .deviceStatusChanged(let deviceID, let kind, let window, let status):
            f["deviceID"] = .string(deviceID)
            f["kind"] = .string(kind)
            if let window { f["window"] = .int(window) }
            f["status"] = .string(status.rawValue)
        case .printJobDropped(let deviceID, _, let visitID, let reason):
            f["deviceID"] = .string(deviceID)
            if let visitID { f["visitID"] = .string(visitID) }
            f["reason"] = .string(reason)
        case .visitOutcome(let o):
            // The outcome's kind; not the missing papers, the refusal's reason and basis, nor the
            // referral's department phone and address.
            f["visitID"] = .string(o.visitID)
            f["window"] = .int(o.window)
            f["serviceID"] = .string(o.serviceID)
            f["outcome"] = .string(o.outcome.kind.rawValue)
            if let number = o.caseNumber { f["caseNumber"] = .string(number) }
            if let by = o.by { f["by"] = .string(by) }
        case .caseAccepted(let a):
            // Not the case page's code, not the applicant's phone; the name masked (张*伟).
            f["caseNumber"] = .string(a.caseNumber)
            f["visitID"] = .string(a.visitID)
            f["serviceID"] = .string(a.serviceID)
            f["promisedDate"] = .string(a.promisedDate.description)
            if let name = a.applicantName { f["applicantName"] = .string(Masked.name(name)) }
            if let by = a.by { f["by"] = .string(by) }
        case .caseExtended(let number, _, let promisedDate, let by):
            // The new date; the reason is free text and stays in the hall.
            f["caseNumber"] = .string(number)
            f["promisedDate"] = .string(promisedDate.description)
            if let by { f["by"] = .string(by) }
        case .caseReady(let number, let by), .caseCompleted(let number, let by), .casePickedUp(let number, let by):
            f["caseNumber"] = .string(number)
            if let by { f["by"] = .string(by) }
        case .documentPrinted(let visitID, let document, let caseNumber, let by):
            f["visitID"] = .string(visitID)
            f["document"] = .string(document.rawValue)
            if let caseNumber { f["caseNumber"] = .string(caseNumber) }
            if let by { f["by"] = .string(by) }
        case .followUp(let event):
            f["id"] = .string(event.id)
            followUp(event, into: &f)
        case .complaint(let event):
            f["ref"] = .string(references.reference("complaint", event.id))
            complaint(event, into: &f)
        case .alertRaised(let alert):
            f["id"] = .string(alertID(alert.id))
            f["kind"] = .string(alert.kind.rawValue)
            if let serviceID = alert.serviceID { f["serviceID"] = .string(serviceID) }
            if let window = alert.window { f["window"] = .int(window) }
            if let deviceID = alert.deviceID { f["deviceID"] = .string(deviceID) }
        case .alertCleared(let id):
            f["id"] = .string(alertID(id))
        case .appointment(let event):
            f["ref"] = .string(references.reference("appointment", appointmentCode(event)))
            appointment(event, into: &f)
        case .guideDesk(let event):
            guideDesk(event, into: &f)
        case .windowTakenOver(let window, let by, _):
            // Which window and who took it; `from` is the other login's session and stays in the hall.
            f["window"] = .int(window)
            f["by"] = .string(by)
        }
        return CountyRecord(seq: entry.seq, at: entry.at, type: entry.event.type, fields: f)
    }

    /// A follow-up of a bad rating: its level, window, service, staff and due day; whether the
    /// resident was reached. The rating's reason, the call-back note, the cause and action found
    /// (free text) stay in the hall.
    static func followUp(_ event: FollowUpEvent, into f: inout [String: CountyValue]) {
        switch event {
        case .opened(let o):
            f["level"] = .int(o.level.rawValue)
            f["reasonGiven"] = .bool(o.reason != nil)
            f["window"] = .int(o.window)
            if let staffID = o.ratedStaffID { f["ratedStaffID"] = .string(staffID) }
            f["serviceID"] = .string(o.serviceID)
            f["due"] = .string(o.due.description)
        case .assigned(_, let staffID, let by):
            f["staffID"] = .string(staffID)
            f["by"] = .string(by)
        case .calledBack(_, let reached, _, let by):
            f["reached"] = .bool(reached)
            f["by"] = .string(by)
        case .closed(_, _, _, let by):
            f["by"] = .string(by)
        }
    }

    /// A complaint's category, channel, due day and the queue number it names, and each later step
    /// with who acted. Its id is the code the resident follows it with, so it stays in the hall (the
    /// caller adds the keyed reference instead), with the resident's phone, the text and the reply:
    /// the county counts complaints received, replied on time and closed, by the visit's service
    /// and window.
    static func complaint(_ event: ComplaintEvent, into f: inout [String: CountyValue]) {
        switch event {
        case .submitted(let s):
            f["category"] = .string(s.category.rawValue)
            f["channel"] = .string(s.channel.rawValue)
            f["due"] = .string(s.due.description)
            f["textGiven"] = .bool(s.text != nil)
            if let ticket = s.ticket, isQueueNumber(ticket) { f["ticket"] = .string(ticket) }
        case .written:
            break
        case .assigned(_, let staffID, let by):
            f["staffID"] = .string(staffID)
            f["by"] = .string(by)
        case .replied(_, _, let by), .closed(_, let by):
            f["by"] = .string(by)
        }
    }

    /// A queue number as tickets carry it (A012, B3): letters then digits, nothing a person could
    /// have typed a name or a phone number into.
    static func isQueueNumber(_ text: String) -> Bool {
        let letters = text.prefix { $0.isASCII && $0.isLetter }
        let digits = text.dropFirst(letters.count)
        return letters.count <= 3 && (1...4).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// An alert's id names what it is about; a complaint's id is the resident's code and stays in the hall.
    static func alertID(_ id: String) -> String {
        id.hasPrefix("complaint:") ? "complaint" : id
    }

    /// An appointment's service, day, slot and masked name; never its code (the caller adds the keyed
    /// reference instead) or the phone.
    static func appointment(_ event: AppointmentEvent, into f: inout [String: CountyValue]) {
        switch event {
        case .booked(let a):
            f["serviceID"] = .string(a.serviceID)
            f["day"] = .string(a.day.description)
            f["slot"] = .int(a.slot)
            f["name"] = .string(Masked.name(a.name))
            if let by = a.bookedBy { f["by"] = .string(by) }
        case .checkedIn(_, let visitID):
            f["visitID"] = .string(visitID)
        case .missed:
            break
        // MARK: account-3: a cancellation tells the county nothing about whom.
        case .cancelled:
            break
        }
    }

    /// The code an appointment event is about (it stays in the hall).
    static func appointmentCode(_ event: AppointmentEvent) -> String {
        switch event {
        case .booked(let a): a.code
        case .checkedIn(let code, _), .missed(let code), .cancelled(let code): code
        }
    }

    /// The guide desk: that a consultation was logged (its service, whether it was referred) and
    /// home-service requests by id with a masked name; the question, answer, phone, address, matter
    /// and result stay in the hall.
    static func guideDesk(_ event: GuideDeskEvent, into f: inout [String: CountyValue]) {
        switch event {
        case .consultationLogged(let c):
            if let serviceID = c.serviceID { f["serviceID"] = .string(serviceID) }
            f["referred"] = .bool(c.referral != nil)
            f["by"] = .string(c.by)
        case .homeServiceRegistered(let r):
            f["id"] = .string(r.id)
            f["name"] = .string(Masked.name(r.name))
            f["by"] = .string(r.by)
        case .homeServiceDone(let id, _, let by):
            f["id"] = .string(id)
            f["by"] = .string(by)
        }
    }

    /// The hall's configuration as the county sees it: services, windows, and staff by id with a
    /// masked name, department and title (no phone, no photo).
    public static func profile(_ c: HallConfiguration) -> CountyHallProfile {
        CountyHallProfile(
            name: .init(zh: c.name.zh, en: c.name.en),
            services: c.services.map { .init(id: $0.id, name: .init(zh: $0.name.zh, en: $0.name.en), timeLimitDays: $0.timeLimitDays) },
            windows: c.windows.map {
                .init(number: $0.number, name: .init(zh: $0.name.zh, en: $0.name.en), services: $0.primaryServices + $0.backupServices)
            },
            staff: c.staff.map { .init(id: $0.id, name: Masked.name($0.name), department: $0.department, title: $0.title) },
            waitTargetMinutes: c.policy.waitTargetMinutes, utcOffsetMinutes: c.schedule.utcOffsetMinutes)
    }
}

/// A hall's configuration as it crosses to the county (``CountyRedaction/profile(_:)``).
public struct CountyHallProfile: Sendable, Hashable, Codable {
    public struct Text: Sendable, Hashable, Codable {
        public var zh: String
        public var en: String
    }
    public struct ServiceEntry: Sendable, Hashable, Codable {
        public var id: String
        public var name: Text
        public var timeLimitDays: Int
    }
    public struct WindowEntry: Sendable, Hashable, Codable {
        public var number: Int
        public var name: Text
        public var services: [String]
    }
    public struct StaffEntry: Sendable, Hashable, Codable {
        public var id: String
        /// Masked: 张*伟.
        public var name: String
        public var department: String
        public var title: String
    }

    public var name: Text
    public var services: [ServiceEntry]
    public var windows: [WindowEntry]
    public var staff: [StaffEntry]
    /// The wait target of the hall's policy, which the monthly report's 超时等候率 counts against.
    public var waitTargetMinutes: Int
    /// The hall's offset from UTC: its days, and so its months, are local.
    public var utcOffsetMinutes: Int

    /// Sorted-key JSON: the same configuration gives the same text, so a change is a changed text.
    public var json: String {
        String(decoding: (try? CountyRecord.encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
