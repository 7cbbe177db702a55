public import Foundation
public import HallCore

/// A member of staff's presence during the hall's opening hours over a period (考勤).
public struct AttendanceRow: Sendable, Hashable, Codable {
    public var staffID: String
    /// Opening minutes in the period (Schedule: weekdays, market days, holidays, 调休).
    public var openMinutes: Int
    /// Of those, minutes 在岗.
    public var onDutyMinutes: Int
    /// Minutes away during opening hours, by presence status (`away`, `meeting`, `outOnBusiness`,
    /// `businessTrip`, `leave`, `other`); every status is present, 0 when unused.
    public var absenceMinutes: [String: Int]
    /// 在岗 minutes over opening minutes; nil when the hall never opened.
    public var attendanceRate: Double?
}

/// Attendance from the presence history: each opening period of each day is split at the presence
/// changes, and every minute counts for the status in force. A member of staff without any change
/// before a moment is 在岗 then, as the presence board shows them.
public enum Attendance {
    /// `changes`: every change up to `to`'s end, including the latest before `from` (the status in
    /// force when the period starts); any order.
    public static func rows(
        staff: [String], changes: [PresenceChange], schedule: HallSchedule, from: LocalDate, to: LocalDate
    ) -> [AttendanceRow] {
        let byStaff = Dictionary(grouping: changes, by: \.staffID).mapValues { $0.sorted { $0.at < $1.at } }
        var spans: [(start: Date, end: Date)] = []
        var day = from
        while day <= to {
            for period in schedule.periods(on: day) {
                spans.append(
                    (
                        day.instant(minute: period.start, utcOffsetMinutes: schedule.utcOffsetMinutes),
                        day.instant(minute: period.end, utcOffsetMinutes: schedule.utcOffsetMinutes)
                    ))
            }
            day = day.adding(days: 1)
        }
        return staff.map { id in
            let timeline = byStaff[id] ?? []
            var seconds: [PresenceStatus: Double] = [:]
            for span in spans {
                var status = timeline.last { $0.at <= span.start }?.status ?? .onDuty
                var cursor = span.start
                for change in timeline where change.at > span.start && change.at < span.end {
                    seconds[status, default: 0] += change.at.timeIntervalSince(cursor)
                    cursor = change.at
                    status = change.status
                }
                seconds[status, default: 0] += span.end.timeIntervalSince(cursor)
            }
            let open = spans.reduce(0) { $0 + $1.end.timeIntervalSince($1.start) }
            func minutes(_ s: Double) -> Int { Int((s / 60).rounded()) }
            var absences: [String: Int] = [:]
            for status in PresenceStatus.allCases where status != .onDuty { absences[status.rawValue] = minutes(seconds[status] ?? 0) }
            let onDuty = seconds[.onDuty] ?? 0
            return AttendanceRow(
                staffID: id, openMinutes: minutes(open), onDutyMinutes: minutes(onDuty), absenceMinutes: absences,
                attendanceRate: open > 0 ? onDuty / open : nil)
        }
    }
}
