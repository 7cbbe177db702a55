import Foundation
import HallCore
import HallReports
import HallStore
import Logging
import PostgresNIO

/// A hall's monthly case report (办件情况月报) as the county computes it: the hall's own
/// ``MonthlyReport`` over the county's projections of what the hall forwarded (its visits folded as
/// the hall's ``PeriodLedger`` folds them, its cases, follow-ups, complaints and appointments as its
/// own books keep them), so every figure is the one `hall report month` prints in the hall.
extension CountyQueries {
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

    /// What `hall`'s monthly report reads, from the projections: the month's visits, the cases
    /// touching the month, the follow-ups of its visits, the complaints made in it and the
    /// appointments for its days, as they stand now.
    func hallMonth(_ hall: String, _ month: ReportMonth) async throws -> CountyHallMonth? {
        guard let profile = try await profile(hall) else { return nil }
        let (start, end) = month.span(utcOffsetMinutes: profile.utcOffsetMinutes)
        let first = month.first.description
        var visits: [VisitRecord] = []
        for try await row in try await client.query(
            """
            SELECT visit_id, COALESCE(number, ''), day::text, COALESCE(service_id, ''), COALESCE(priority, ''), COALESCE(status, ''),
                (extract(epoch FROM issued_at) * 1000)::bigint, (extract(epoch FROM called_at) * 1000)::bigint,
                (extract(epoch FROM started_at) * 1000)::bigint, (extract(epoch FROM finished_at) * 1000)::bigint,
                window_no, staff_id, transfers, appointment, rating::int, reason_pending, outcome
            FROM visits WHERE hall_id = \(hall) AND month = \(first)::date AND issued_at IS NOT NULL ORDER BY issued_seq
            """, logger: logger)
        {
            let c = row.makeRandomAccess()
            guard let day = LocalDate(try c[2].decode(String.self)), let issued = try c[6].decode(Int64?.self) else { continue }
            visits.append(
                VisitRecord.projected(
                    id: try c[0].decode(String.self), number: try c[1].decode(String.self), day: day,
                    serviceID: try c[3].decode(String.self),
                    priority: Priority(rawValue: try c[4].decode(String.self)) ?? .normal,
                    status: VisitStatus(rawValue: try c[5].decode(String.self)) ?? .waiting, issuedAt: Date(millis: issued),
                    calledAt: try c[7].decode(Int64?.self).map(Date.init(millis:)),
                    startedAt: try c[8].decode(Int64?.self).map(Date.init(millis:)),
                    finishedAt: try c[9].decode(Int64?.self).map(Date.init(millis:)), window: try c[10].decode(Int?.self),
                    staffID: try c[11].decode(String?.self), transfers: try c[12].decode(Int.self),
                    appointment: try c[13].decode(Bool.self),
                    rating: try c[14].decode(Int?.self).flatMap(RatingLevel.init(rawValue:)),
                    ratingReasonPending: try c[15].decode(Bool.self),
                    outcome: try c[16].decode(String?.self).flatMap(VisitOutcome.Kind.init(rawValue:))))
        }
        let decoder = JSONDecoder()
        var cases: [CaseFigure] = []
        for try await (record, window) in try await client.query(
            """
            SELECT record::text, window_no FROM cases WHERE hall_id = \(hall) AND record IS NOT NULL
                AND tstzrange(accepted_at, finished_at, '[]') && tstzrange(county_ms(\(start.countyMillis)), county_ms(\(end.countyMillis)), '[)')
            ORDER BY number
            """, logger: logger
        ).decode((String, Int?).self) {
            cases.append(CaseFigure(try decoder.decode(CaseRecord.self, from: Data(record.utf8)), window: window))
        }
        var followUps: [String: FollowUp] = [:]
        for try await record in try await client.query(
            """
            SELECT f.record::text FROM follow_ups f JOIN visits v ON v.hall_id = f.hall_id AND v.visit_id = f.id
            WHERE f.hall_id = \(hall) AND v.month = \(first)::date
            """, logger: logger
        ).decode(String.self) {
            let followUp = try decoder.decode(FollowUp.self, from: Data(record.utf8))
            followUps[followUp.id] = followUp
        }
        var complaints: [Complaint] = []
        for try await record in try await client.query(
            """
            SELECT record::text FROM complaints WHERE hall_id = \(hall)
                AND submitted_at >= county_ms(\(start.countyMillis)) AND submitted_at < county_ms(\(end.countyMillis))
            ORDER BY submitted_at DESC, ref DESC
            """, logger: logger
        ).decode(String.self) {
            complaints.append(try decoder.decode(Complaint.self, from: Data(record.utf8)))
        }
        var appointments: [Appointment] = []
        for try await record in try await client.query(
            """
            SELECT record::text FROM appointments WHERE hall_id = \(hall) AND day >= \(first)::date AND day <= \(month.last.description)::date
            ORDER BY ref
            """, logger: logger
        ).decode(String.self) {
            appointments.append(try decoder.decode(Appointment.self, from: Data(record.utf8)))
        }
        return CountyHallMonth(
            hallID: hall, profile: profile, month: month, visits: visits, cases: cases, followUps: followUps, complaints: complaints,
            appointments: appointments)
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
