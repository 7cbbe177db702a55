import Foundation

/// The appointments (预约) the hall holds across days: every one still booked, and every one of the
/// last ``keptDays`` days and the days ahead. A pure value like ``HallState``, rebuilt at start from
/// its own projection table (never by replaying the journal), changed only by ``apply(_:)``. The
/// decisions live in ``HallState`` (`AppointmentCommand.swift`), which holds the book, since a
/// check-in issues a ticket.
///
/// When a day starts, the appointments of days more than ``keptDays`` before it that are finished
/// (checked in, released as missed or cancelled) leave the book (``forgetFinished(before:)``): no
/// command acts on them any more, and the projection (`appointments` table) keeps them for the
/// staff's list of that day and the reports. A booked one stays until it is released.
public struct AppointmentBook: Sendable, Hashable {
    public private(set) var appointments: [String: Appointment] = [:]

    /// Days a finished appointment stays in the book after its own day, as a closed case does (``CaseBook/keptClosedDays``).
    public static let keptDays = CaseBook.keptClosedDays

    public init(_ appointments: [Appointment] = []) {
        for appointment in appointments { self.appointments[appointment.code] = appointment }
    }

    /// The first day whose appointments a book keeps all of when `day` starts; the finished ones of
    /// earlier days have left it.
    public static func firstKeptDay(dayStarted day: LocalDate) -> LocalDate { day.adding(days: -keptDays) }

    /// Drops the finished appointments of the days before `firstKeptDay`.
    public mutating func forgetFinished(before firstKeptDay: LocalDate) {
        for (code, appointment) in appointments where appointment.day < firstKeptDay && appointment.status != .booked {
            appointments[code] = nil
        }
    }

    public func appointment(code: String) -> Appointment? { appointments[code] }

    /// Appointments of `day`, by slot then booking time.
    public func appointments(on day: LocalDate) -> [Appointment] {
        appointments.values.filter { $0.day == day }.sorted { ($0.slot, $0.bookedAt, $0.code) < ($1.slot, $1.bookedAt, $1.code) }
    }

    /// Places taken in one slot of one service (booked or checked in).
    public func taken(service: String, day: LocalDate, slot: Int) -> Int {
        appointments.values.filter { $0.serviceID == service && $0.day == day && $0.slot == slot && $0.status.holdsSlot }.count
    }

    /// The booked (not yet checked-in) appointment `key` names on `day`; for a phone and name, the earliest slot.
    func find(_ key: AppointmentKey, on day: LocalDate) -> Appointment? {
        switch key {
        case .code(let code):
            return appointments[code]
        case .phone(let phone, let name):
            let name = name.trimmingCharacters(in: .whitespaces)
            return appointments.values.filter { $0.phone == phone && $0.name == name && $0.day == day }
                .min { ($0.status == .booked ? 0 : 1, $0.slot, $0.code) < ($1.status == .booked ? 0 : 1, $1.slot, $1.code) }
        }
    }

    public mutating func apply(_ event: AppointmentEvent) {
        switch event {
        case .booked(let appointment):
            appointments[appointment.code] = appointment
        case .checkedIn(let code, let visitID):
            appointments[code]?.status = .checkedIn
            appointments[code]?.visitID = visitID
        case .missed(let code):
            appointments[code]?.status = .missed
        // MARK: account-3
        case .cancelled(let code):
            appointments[code]?.status = .cancelled
        }
    }
}

/// A bookable half hour and the places left in it.
public struct AppointmentSlot: Sendable, Hashable, Codable {
    public var day: LocalDate
    /// Minute of the day the slot starts.
    public var start: Int
    public var remaining: Int
    public var capacity: Int
}

extension Appointment {
    /// 张*伟, 李*: for anything shown in public (``Masked``).
    public var maskedName: String { Masked.name(name) }

    /// 138****0001.
    public var maskedPhone: String { Masked.phone(phone) }
}
