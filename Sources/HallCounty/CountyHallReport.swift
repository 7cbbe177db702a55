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

    /// `hall`'s report of `month`, named and ordered by the hall's latest profile; nil when the
    /// county has no such hall or it has sent no profile yet.
    public func hallMonthlyReport(hall: String, month: ReportMonth) async throws -> MonthlyReport? {
        var profileText: String?
        for try await text in try await client.query("SELECT profile::text FROM halls WHERE hall_id = \(hall)", logger: logger)
            .decode(String?.self)
        {
            profileText = text
        }
        guard let profileText, let profile = try? JSONDecoder().decode(CountyHallProfile.self, from: Data(profileText.utf8)) else {
            return nil
        }
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
        return MonthlyReport(visits: ledger.visits, cases: cases, hall: profile.reportHall, month: month)
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
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) {
                value = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                value = .int(i)
            } else {
                value = .string(try c.decode(String.self))
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
