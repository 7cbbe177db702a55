import Foundation

/// Every appointment (预约) the hall holds, across days: a pure value like ``HallState``, rebuilt
/// at start from its own projection table (never by replaying the journal), changed only by
/// ``apply(_:)``. The decisions live in ``HallState`` (`HallState+Appointments.swift`), which
/// holds the book, since a check-in issues a ticket.
public struct AppointmentBook: Sendable, Hashable {
    public private(set) var appointments: [String: Appointment] = [:]

    public init(_ appointments: [Appointment] = []) {
        for appointment in appointments { self.appointments[appointment.code] = appointment }
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
