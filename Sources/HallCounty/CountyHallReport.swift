import Foundation
import HallCore
import HallReports
import HallStore
import Logging
import PostgresNIO

/// A hall's monthly case report (办件情况月报) as the county computes it: the hall's own
/// ``MonthlyReport``, ``PeriodLedger`` and ``CaseBook`` over the events the hall forwarded, so every
/// figure is the one `hall report month` prints in the hall.
extension CountyQueries {
    /// The forwarded kinds the ledger folds into visits (outcomes included).
    static let ledgerTypes = [
        "ticketIssued", "visitCalled", "serviceStarted", "visitFinished", "visitNoShow", "visitTransferred", "visitHeld",
        "visitResumed", "visitCancelled", "ratingRecorded", "visitOutcome",
    ]
    /// The forwarded kinds that make and move cases, and the outcome naming the window that accepted one.
    static let caseTypes = ["caseAccepted", "caseExtended", "caseReady", "caseCompleted", "casePickedUp", "visitOutcome"]
    /// The forwarded kinds of follow-ups, complaints and appointments, which outlive the month: the
    /// report reads them as they stand now, as the hall reads its books.
    static let accountabilityTypes =
        Array(FollowUpEvent.types.union(ComplaintEvent.types)) + [
            "appointmentBooked", "appointmentCheckedIn", "appointmentMissed", "appointmentCancelled",
        ]

    /// `hall`'s report of `month`, named and ordered by the hall's latest profile; nil when the
    /// county has no such hall or it has sent no profile yet.
    public func hallMonthlyReport(hall: String, month: ReportMonth) async throws -> MonthlyReport? {
        try await hallMonth(hall, month)?.report
    }

    /// The latest profile `hall` sent, nil when none (or no such hall).
    func profile(_ hall: String) async throws -> CountyHallProfile? {
        var profileText: String?
        for try await text in try await client.query("SELECT profile::text FROM halls WHERE hall_id = \(hall)", logger: logger)
            .decode(String?.self)
        {
            profileText = text
        }
        return profileText.flatMap { try? JSONDecoder().decode(CountyHallProfile.self, from: Data($0.utf8)) }
    }

    /// What `hall`'s monthly report reads, from what it forwarded: the month's visits, the cases
    /// touching the month, and its follow-ups, complaints and appointments as they stand now.
    func hallMonth(_ hall: String, _ month: ReportMonth) async throws -> CountyHallMonth? {
        guard let profile = try await profile(hall) else { return nil }
        let offset = profile.utcOffsetMinutes
        let (start, end) = month.span(utcOffsetMinutes: offset)
        let ledger = PeriodLedger(entries: try await entries(hall, types: Self.ledgerTypes, from: start, to: end), utcOffsetMinutes: offset)
        var book = CaseBook()
        var windows: [String: Int] = [:]
        for entry in try await entries(hall, types: Self.caseTypes, from: nil, to: end) {
            book.apply(entry.event, at: entry.at)
            if case .visitOutcome(let o) = entry.event, let number = o.caseNumber { windows[number] = o.window }
        }
        let cases = CaseFigure.touching(month, cases: Array(book.cases.values), windows: windows, utcOffsetMinutes: offset)
        var followUps = FollowUpBook()
        var complaints = ComplaintBook()
        var appointments = AppointmentBook()
        for entry in try await entries(hall, types: Self.accountabilityTypes, from: nil, to: .distantFuture) {
            switch entry.event {
            case .followUp(let event): followUps.apply(event, at: entry.at)
            case .complaint(let event): complaints.apply(event, at: entry.at)
            case .appointment(let event): appointments.apply(event)
            default: break
            }
        }
        return CountyHallMonth(
            hallID: hall, profile: profile, month: month, visits: ledger.visits, cases: cases, followUps: followUps.items,
            complaints: complaints.all, appointments: Array(appointments.appointments.values))
    }

    /// The hall's forwarded entries of `types` at or after `from` (nil: from the start) and before `to`, in journal order.
    func entries(_ hall: String, types: [String], from: Date?, to: Date) async throws -> [JournalEntry] {
        let rows = try await client.query(
            """
            SELECT seq, (extract(epoch FROM at) * 1000)::bigint, type, body::text FROM events
            WHERE hall_id = \(hall) AND type = ANY(\(types)) AND (\(from == nil) OR at >= county_ms(\(from?.countyMillis ?? 0))) AND at < county_ms(\(to.countyMillis))
            ORDER BY seq
            """, logger: logger)
        var entries: [JournalEntry] = []
        for try await (seq, ms, type, body) in rows.decode((Int64, Int64, String, String).self) {
            let record = try CountyRecord(seq: seq, at: Date(millis: ms), type: type, body: body)
            if let event = record.reportEvent { entries.append(JournalEntry(seq: seq, at: record.at, event: event)) }
        }
        return entries
    }
}

/// What a hall's monthly report reads, as the county rebuilt it from the hall's events.
struct CountyHallMonth: Sendable {
    var hallID: String
    var profile: CountyHallProfile
    var month: ReportMonth
    var visits: [VisitRecord]
    var cases: [CaseFigure]
    /// By the rated visit's id.
    var followUps: [String: FollowUp]
    var complaints: [Complaint]
    var appointments: [Appointment]

    /// The hall's own monthly report.
    var report: MonthlyReport {
        MonthlyReport(
            visits: visits, cases: cases, followUps: followUps, complaints: complaints, appointments: appointments,
            hall: profile.reportHall, month: month)
    }
}

extension CountyHallProfile {
    /// What the monthly report reads of the hall.
    var reportHall: ReportHall {
        ReportHall(
            name: LocalizedText(zh: name.zh, en: name.en), services: services.map { .init(key: $0.id, name: $0.name.zh) },
            windows: windows.map { .init(key: $0.number, name: $0.name.zh) }, waitTargetMinutes: waitTargetMinutes,
            utcOffsetMinutes: utcOffsetMinutes)
    }
}

extension CountyRecord {
    /// A stored `events.body` read back.
    init(seq: Int64, at: Date, type: String, body: String) throws {
        var fields = try JSONDecoder().decode([String: StoredValue].self, from: Data(body.utf8)).mapValues(\.value)
        fields["type"] = nil
        self.init(seq: seq, at: at, type: type, fields: fields)
    }

    /// One value of a stored body: a yes/no, a whole number or a text, as ``CountyValue`` wrote it.
    private struct StoredValue: Decodable {
        var value: CountyValue

        init(from decoder: any Decoder) throws {
            // Text first: most values are text, and each failed attempt costs a thrown error. (A
            // JSON string never decodes as a number or a yes/no, nor those as text.)
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                value = .string(s)
            } else if let b = try? c.decode(Bool.self) {
                value = .bool(b)
            } else {
                value = .int(try c.decode(Int.self))
            }
        }
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let b) = fields[key] { return b }
        return nil
    }

    /// The forwarded entry as the event the reports fold, for the kinds they read (nil for the
    /// others). What stayed in the hall is absent here: no rating code, no typed text, no phone;
    /// an appointment's time stands as the ticket's own (the reports ask only whether there was
    /// one); an outcome keeps its kind, which is all the reports count.
    var reportEvent: HallEvent? {
        if let event = accountabilityEvent { return event }
        guard let visitID = string("visitID") ?? (type.hasPrefix("case") ? "" : nil) else { return nil }
        switch type {
        case "ticketIssued":
            guard let number = string("number"), let serviceID = string("serviceID"),
                let priority = string("priority").flatMap(Priority.init(rawValue:))
            else { return nil }
            return .ticketIssued(
                .init(
                    visitID: visitID, number: number, serviceID: serviceID, priority: priority, ahead: int("ahead") ?? 0,
                    estimatedWaitSeconds: int("estimatedWaitSeconds"), appointmentAt: bool("appointment") == true ? at : nil, secret: ""))
        case "visitCalled":
            guard let number = string("number"), let window = int("window") else { return nil }
            return .visitCalled(visitID: visitID, number: number, window: window, recall: bool("recall") ?? false, calls: int("calls") ?? 1)
        case "serviceStarted", "visitHeld", "visitResumed":
            guard let window = int("window") else { return nil }
            return type == "serviceStarted"
                ? .serviceStarted(visitID: visitID, window: window)
                : type == "visitHeld" ? .visitHeld(visitID: visitID, window: window) : .visitResumed(visitID: visitID, window: window)
        case "visitFinished":
            guard let window = int("window") else { return nil }
            return .visitFinished(visitID: visitID, window: window, staffID: string("staffID"))
        case "visitNoShow":
            guard let window = int("window"), let reason = string("reason").flatMap(HallEvent.NoShowReason.init(rawValue:)) else {
                return nil
            }
            return .visitNoShow(visitID: visitID, window: window, reason: reason)
        case "visitTransferred":
            guard let from = int("fromWindow"), let service = string("toService"),
                let position = string("position").flatMap(LinePosition.init(rawValue:))
            else { return nil }
            return .visitTransferred(visitID: visitID, fromWindow: from, toService: service, toWindow: int("toWindow"), position: position)
        case "visitCancelled":
            guard let reason = string("reason").flatMap(HallEvent.CancelReason.init(rawValue:)) else { return nil }
            return .visitCancelled(visitID: visitID, reason: reason)
        case "ratingRecorded":
            guard let level = int("level").flatMap(RatingLevel.init(rawValue:)), let window = int("window"),
                let serviceID = string("serviceID")
            else { return nil }
            return .ratingRecorded(
                .init(
                    visitID: visitID, level: level, reason: nil, source: string("source") ?? "", window: window, staffID: string("staffID"),
                    serviceID: serviceID, reasonPending: bool("reasonPending") ?? false))
        case "visitOutcome":
            guard let window = int("window"), let serviceID = string("serviceID"),
                let kind = string("outcome").flatMap(VisitOutcome.Kind.init(rawValue:))
            else { return nil }
            return .visitOutcome(
                .init(
                    visitID: visitID, window: window, serviceID: serviceID, outcome: kind.bare, caseNumber: string("caseNumber"),
                    by: string("by")))
        case "caseAccepted":
            guard let number = string("caseNumber"), let serviceID = string("serviceID"),
                let promised = string("promisedDate").flatMap(LocalDate.init)
            else { return nil }
            return .caseAccepted(
                .init(
                    caseNumber: number, code: "", visitID: visitID, serviceID: serviceID, applicantName: string("applicantName"),
                    applicantPhone: nil, promisedDate: promised, by: string("by")))
        case "caseExtended":
            guard let number = string("caseNumber"), let promised = string("promisedDate").flatMap(LocalDate.init) else { return nil }
            return .caseExtended(caseNumber: number, reason: "", promisedDate: promised, by: string("by"))
        case "caseReady", "caseCompleted", "casePickedUp":
            guard let number = string("caseNumber") else { return nil }
            return type == "caseReady"
                ? .caseReady(caseNumber: number, by: string("by"))
                : type == "caseCompleted"
                    ? .caseCompleted(caseNumber: number, by: string("by")) : .casePickedUp(caseNumber: number, by: string("by"))
        default:
            return nil
        }
    }
}

extension VisitOutcome.Kind {
    /// The outcome of this kind with its details (missing papers, reason, referral) left out.
    var bare: VisitOutcome {
        switch self {
        case .settled: .settled
        case .accepted: .accepted
        case .papersMissing: .papersMissing(missing: [])
        case .refused: .refused(reason: "", basis: "")
        case .referred: .referred(Referral(department: "", phone: "", address: ""))
        case .consultation: .consultation
        case .proxy: .proxy
        }
    }
}

extension CountyRecord {
    /// A forwarded follow-up, complaint or appointment step as the event the hall's books apply:
    /// complaints and appointments by their keyed reference in place of the code, typed text as
    /// empty text where one was given, no phone; nil for the other kinds.
    var accountabilityEvent: HallEvent? {
        switch type {
        case "followUpOpened":
            guard let id = string("id"), let level = int("level").flatMap(RatingLevel.init(rawValue:)), let window = int("window"),
                let serviceID = string("serviceID"), let due = string("due").flatMap(LocalDate.init)
            else { return nil }
            return .followUp(
                .opened(
                    .init(
                        id: id, level: level, reason: bool("reasonGiven") == true ? "" : nil, window: window,
                        ratedStaffID: string("ratedStaffID"), serviceID: serviceID, due: due)))
        case "followUpAssigned", "followUpCalledBack", "followUpClosed":
            guard let id = string("id"), let by = string("by") else { return nil }
            if type == "followUpClosed" { return .followUp(.closed(id: id, cause: "", action: "", by: by)) }
            if type == "followUpCalledBack" { return .followUp(.calledBack(id: id, reached: bool("reached") ?? false, note: "", by: by)) }
            guard let staffID = string("staffID") else { return nil }
            return .followUp(.assigned(id: id, staffID: staffID, by: by))
        case "complaintSubmitted":
            guard let ref = string("ref"), let category = string("category").flatMap(Complaint.Category.init(rawValue:)),
                let channel = string("channel").flatMap(Complaint.Channel.init(rawValue:)), let due = string("due").flatMap(LocalDate.init)
            else { return nil }
            return .complaint(
                .submitted(
                    .init(
                        id: ref, category: category, channel: channel, text: bool("textGiven") == true ? "" : nil, phone: nil,
                        ticket: string("ticket"), due: due)))
        case "complaintWritten":
            return string("ref").map { .complaint(.written(id: $0, text: "")) }
        case "complaintAssigned", "complaintReplied", "complaintClosed":
            guard let ref = string("ref"), let by = string("by") else { return nil }
            if type == "complaintReplied" { return .complaint(.replied(id: ref, text: "", by: by)) }
            if type == "complaintClosed" { return .complaint(.closed(id: ref, by: by)) }
            return string("staffID").map { .complaint(.assigned(id: ref, staffID: $0, by: by)) }
        case "appointmentBooked":
            guard let ref = string("ref"), let serviceID = string("serviceID"), let day = string("day").flatMap(LocalDate.init),
                let slot = int("slot")
            else { return nil }
            return .appointment(
                .booked(
                    Appointment(
                        code: ref, serviceID: serviceID, day: day, slot: slot, name: string("name") ?? "", phone: "", bookedAt: at,
                        bookedBy: string("by"))))
        case "appointmentCheckedIn":
            guard let ref = string("ref"), let visitID = string("visitID") else { return nil }
            return .appointment(.checkedIn(code: ref, visitID: visitID))
        case "appointmentMissed":
            return string("ref").map { .appointment(.missed(code: $0)) }
        case "appointmentCancelled":
            return string("ref").map { .appointment(.cancelled(code: $0)) }
        default:
            return nil
        }
    }
}
