import Foundation

/// Which services residents may book (预约, seed 003: 预约服务) and how many per half hour.
///
/// ```yaml
/// appointments:
///   grace_minutes: 15
///   services:
///     - {service: pension, per_half_hour: 2, days_ahead: 7}
/// ```
public struct AppointmentPolicy: Sendable, Hashable, Codable {
    /// One bookable service.
    public struct Rule: Sendable, Hashable, Codable {
        public var serviceID: String
        /// Appointments per half-hour slot.
        public var perHalfHour: Int
        /// How many days ahead a slot may be booked (0: today only).
        public var daysAhead: Int

        public init(serviceID: String, perHalfHour: Int, daysAhead: Int) {
            self.serviceID = serviceID
            self.perHalfHour = perHalfHour
            self.daysAhead = daysAhead
        }
    }

    /// Minutes after its slot starts that an appointment still checks in; later it is released as missed.
    public var graceMinutes: Int
    public var rules: [Rule]

    public init(graceMinutes: Int = 15, rules: [Rule] = []) {
        self.graceMinutes = graceMinutes
        self.rules = rules
    }

    public func rule(for serviceID: String) -> Rule? { rules.first { $0.serviceID == serviceID } }

    /// Slots are half hours.
    public static let slotMinutes = 30
}

/// Where an appointment stands.
public enum AppointmentStatus: String, Sendable, Hashable, Codable {
    case booked
    /// Checked in at the kiosk or the guide desk: a ticket carries its slot.
    case checkedIn
    /// Not checked in within the grace period after its slot started: released and counted.
    case missed
    case cancelled

    /// Whether the appointment still holds its place in the slot.
    public var holdsSlot: Bool { self == .booked || self == .checkedIn }
}

/// One booked appointment (预约): outlives the day, kept in its own projection table.
public struct Appointment: Sendable, Hashable, Codable, Identifiable {
    /// Six readable characters, given at booking (no 0/O, 1/I/L).
    public var code: String
    public var serviceID: String
    public var day: LocalDate
    /// Minute of the day the half-hour slot starts (570 = 09:30).
    public var slot: Int
    public var name: String
    public var phone: String
    public var status: AppointmentStatus
    public var bookedAt: Date
    /// The account that booked it for the resident (guide desk, clerk); nil when the resident booked.
    public var bookedBy: String?
    /// The visit its check-in issued.
    public var visitID: String?

    public var id: String { code }

    public init(
        code: String, serviceID: String, day: LocalDate, slot: Int, name: String, phone: String, status: AppointmentStatus = .booked,
        bookedAt: Date, bookedBy: String? = nil, visitID: String? = nil
    ) {
        self.code = code
        self.serviceID = serviceID
        self.day = day
        self.slot = slot
        self.name = name
        self.phone = phone
        self.status = status
        self.bookedAt = bookedAt
        self.bookedBy = bookedBy
        self.visitID = visitID
    }

    /// When the slot starts.
    public func start(utcOffsetMinutes: Int) -> Date { day.instant(minute: slot, utcOffsetMinutes: utcOffsetMinutes) }
}

/// What a resident (or the guide desk or a clerk for them) asks to book.
public struct AppointmentRequest: Sendable, Hashable {
    public var serviceID: String
    public var day: LocalDate
    public var slot: Int
    public var name: String
    public var phone: String
    /// The code the runtime drew for it.
    public var code: String
    /// The account booking for the resident, nil when the resident books.
    public var by: String?

    public init(serviceID: String, day: LocalDate, slot: Int, name: String, phone: String, code: String, by: String? = nil) {
        self.serviceID = serviceID
        self.day = day
        self.slot = slot
        self.name = name
        self.phone = phone
        self.code = code
        self.by = by
    }
}

/// How a resident checks in: with the code, or with the phone number and name given at booking.
public enum AppointmentKey: Sendable, Hashable {
    case code(String)
    case phone(String, name: String)
}

/// What happens to appointments: each a `HallEvent.appointment`, flat on the wire
/// (`{"type": "appointmentBooked", …}`).
public enum AppointmentEvent: Sendable, Hashable {
    case booked(Appointment)
    case checkedIn(code: String, visitID: String)
    case missed(code: String)
    // MARK: account-3
    /// The resident cancelled it with its code (on /book): its place in the slot is free again.
    case cancelled(code: String)

    public var type: String {
        switch self {
        case .booked: "appointmentBooked"
        case .checkedIn: "appointmentCheckedIn"
        case .missed: "appointmentMissed"
        // MARK: account-3
        case .cancelled: "appointmentCancelled"
        }
    }
}
