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

    /// What the ticket's QR code holds: the visit and its rating code, for rating by phone.
    static func ticketQR(visitID: String, code: String) -> String { "servicehall://rate?visit=\(visitID)&code=\(code)" }

    static func ticket(_ t: HallEvent.TicketIssued, at: Date, configuration c: HallConfiguration) -> LayoutValues {
        let service = c.service(t.serviceID)
        var strings = [
            "hall_name": c.name.zh, "number": t.number, "service": service?.name.zh ?? t.serviceID, "people_ahead": String(t.ahead),
            "issued_at": dateTime(at, offsetMinutes: c.schedule.utcOffsetMinutes), "qr": ticketQR(visitID: t.visitID, code: t.secret),
            "rating_code": t.secret, "visit": t.visitID,
        ]
        if let wait = t.estimatedWaitSeconds { strings["wait_minutes"] = String(max(1, (wait + 59) / 60)) }
        return LayoutValues(strings, lists: ["materials": service?.materials.map(\.zh) ?? []])
    }

    /// 受理凭证: the promised completion date counts the service's time limit in working days.
    static func receipt(_ visit: Visit, window: Int, on day: LocalDate, configuration c: HallConfiguration) -> LayoutValues {
        let service = c.service(visit.serviceID)
        let promised = c.schedule.adding(workingDays: service?.timeLimitDays ?? 0, to: day)
        return LayoutValues([
            "hall_name": c.name.zh, "visit": visit.id, "service": service?.name.zh ?? visit.serviceID,
            "accepted_on": chineseDate(day), "promised_on": chineseDate(promised), "clerk": staffName(visit.staffID, c),
            "window": "\(window)号窗口", "qr": "servicehall://visit?id=\(visit.id)",
        ])
    }

    /// 一次性告知单: the missing materials, to be completed within the legal 5 working days.
    static let noticeWorkingDays = 5

    static func notice(_ visit: Visit, window: Int, missing: [String], on day: LocalDate, configuration c: HallConfiguration)
        -> LayoutValues
    {
        let service = c.service(visit.serviceID)
        let deadline = c.schedule.adding(workingDays: noticeWorkingDays, to: day)
        return LayoutValues(
            [
                "hall_name": c.name.zh, "visit": visit.id, "service": service?.name.zh ?? visit.serviceID, "issued_on": chineseDate(day),
                "deadline": chineseDate(deadline), "clerk": staffName(visit.staffID, c), "window": "\(window)号窗口",
            ], lists: ["missing": missing])
    }

    private static func staffName(_ id: String?, _ c: HallConfiguration) -> String {
        id.flatMap { c.staffMember($0)?.name } ?? ""
    }
}
