import Foundation
import HallCore
import HallDevices

/// What the layouts are filled with, from the hall's state.
enum PrintValues {
    /// `2026-11-23 09:42` in the hall's time zone.
    static func dateTime(_ at: Date, offsetMinutes: Int) -> String {
        let local = LocalDate.local(at, utcOffsetMinutes: offsetMinutes)
        return "\(local.date) \(OpeningPeriod.format(local.minute))"
    }

    /// `2026年11月23日`.
    static func chineseDate(_ date: LocalDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }

    /// What the ticket's QR code holds: the ticket's page `<base_url>/t/<code>` (the queue, the call,
    /// then the rating), opened by any phone's camera.
    static func ticketQR(code: String, configuration c: HallConfiguration) -> String { PublicAddress.ticketPage(code, c) }

    static func ticket(_ t: HallEvent.TicketIssued, at: Date, configuration c: HallConfiguration) -> LayoutValues {
        let service = c.service(t.serviceID)
        var strings = [
            "hall_name": c.name.zh, "number": t.number, "service": service?.name.zh ?? t.serviceID, "people_ahead": String(t.ahead),
            "issued_at": dateTime(at, offsetMinutes: c.schedule.utcOffsetMinutes), "qr": ticketQR(code: t.secret, configuration: c),
            "rating_code": t.secret, "visit": t.visitID,
        ]
        if let wait = t.estimatedWaitSeconds { strings["wait_minutes"] = String(max(1, (wait + 59) / 60)) }
        return LayoutValues(strings, lists: ["materials": service?.materials.map(\.zh) ?? []])
    }

    /// 受理凭证: the case number, the promised date in statutory working days, and the QR of the case page.
    static func receipt(_ record: CaseRecord, window: Int, configuration c: HallConfiguration) -> LayoutValues {
        let offset = c.schedule.utcOffsetMinutes
        var strings = [
            "hall_name": c.name.zh, "case_number": record.number, "visit": record.visitID,
            "service": c.service(record.serviceID)?.name.zh ?? record.serviceID,
            "accepted_on": chineseDate(LocalDate.local(record.acceptedAt, utcOffsetMinutes: offset).date),
            "promised_on": chineseDate(record.promisedDate), "clerk": staffName(record.acceptedBy, c), "window": "\(window)号窗口",
            "qr": PublicAddress.casePage(record.code, c),
        ]
        if let name = record.applicantName { strings["applicant"] = name }
        return LayoutValues(strings)
    }

    /// The hall must notify missing papers within 5 working days of receiving the application
    /// (《行政许可法》第三十二条); the notice is that notification.
    static let noticeWorkingDays = 5

    /// 一次性告知单, 不予受理告知书 or 告知单 for a visit's recorded outcome.
    static func notice(
        _ document: CaseDocument, _ recorded: VisitOutcomeRecorded, secret: String?, on day: LocalDate, configuration c: HallConfiguration
    ) -> LayoutValues {
        var strings = [
            "hall_name": c.name.zh, "visit": recorded.visitID, "service": c.service(recorded.serviceID)?.name.zh ?? recorded.serviceID,
            "issued_on": chineseDate(day), "received_on": chineseDate(visitDay(recorded.visitID) ?? day),
            "clerk": staffName(recorded.by, c), "window": "\(recorded.window)号窗口",
        ]
        if let secret, !secret.isEmpty { strings["qr"] = PublicAddress.ticketPage(secret, c) }
        if let phone = c.supervisionPhone { strings["supervision_phone"] = phone }
        var lists: [String: [String]] = [:]
        switch recorded.outcome {
        case .papersMissing(let missing): lists["missing"] = missing
        case .refused(let reason, let basis):
            strings["reason"] = reason
            strings["basis"] = basis
        case .referred(let referral):
            strings["department"] = referral.department
            strings["address"] = referral.address
            strings["phone"] = referral.phone
        case .settled, .accepted, .consultation, .proxy: break
        }
        return LayoutValues(strings, lists: lists)
    }

    /// The layout file of a document.
    static func layout(_ document: CaseDocument) -> String {
        switch document {
        case .receipt: "receipt"
        case .papersNotice: "notice"
        case .refusalNotice: "refusal"
        case .referralNotice: "referral"
        }
    }

    /// `20261123-A001` → 2026-11-23.
    private static func visitDay(_ visitID: String) -> LocalDate? {
        let digits = visitID.prefix(8)
        guard digits.count == 8, let y = Int(digits.prefix(4)), let m = Int(digits.dropFirst(4).prefix(2)), let d = Int(digits.suffix(2))
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    private static func staffName(_ id: String?, _ c: HallConfiguration) -> String {
        id.flatMap { c.staffMember($0)?.name } ?? ""
    }
}
