import Foundation

/// An appointment event on the wire, flat beside its `type` (which ``HallEvent`` writes). The name,
/// phone and code of a booking are personal: only the journal (``CodingUserInfoKey/includeSecrets``)
/// holds them; the live feed carries the service, day and slot.
extension AppointmentEvent: Codable {
    private enum Key: String, CodingKey {
        case type, code, serviceID, day, slot, name, phone, status, bookedAt, bookedBy, visitID
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let secrets = encoder.userInfo[.includeSecrets] as? Bool == true
        switch self {
        case .booked(let a):
            try c.encode(a.serviceID, forKey: .serviceID)
            try c.encode(a.day, forKey: .day)
            try c.encode(a.slot, forKey: .slot)
            guard secrets else { return }
            try c.encode(a.code, forKey: .code)
            try c.encode(a.name, forKey: .name)
            try c.encode(a.phone, forKey: .phone)
            try c.encode(a.status, forKey: .status)
            try c.encode(a.bookedAt, forKey: .bookedAt)
            try c.encodeIfPresent(a.bookedBy, forKey: .bookedBy)
            try c.encodeIfPresent(a.visitID, forKey: .visitID)
        case .checkedIn(let code, let visitID):
            try c.encode(visitID, forKey: .visitID)
            if secrets { try c.encode(code, forKey: .code) }
        case .missed(let code):
            if secrets { try c.encode(code, forKey: .code) }
        // MARK: account-3
        case .cancelled(let code):
            if secrets { try c.encode(code, forKey: .code) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "appointmentBooked":
            self = .booked(
                Appointment(
                    code: try c.decode(String.self, forKey: .code), serviceID: try c.decode(String.self, forKey: .serviceID),
                    day: try c.decode(LocalDate.self, forKey: .day), slot: try c.decode(Int.self, forKey: .slot),
                    name: try c.decode(String.self, forKey: .name), phone: try c.decode(String.self, forKey: .phone),
                    status: try c.decode(AppointmentStatus.self, forKey: .status), bookedAt: try c.decode(Date.self, forKey: .bookedAt),
                    bookedBy: try c.decodeIfPresent(String.self, forKey: .bookedBy),
                    visitID: try c.decodeIfPresent(String.self, forKey: .visitID)))
        case "appointmentCheckedIn":
            self = .checkedIn(code: try c.decode(String.self, forKey: .code), visitID: try c.decode(String.self, forKey: .visitID))
        case "appointmentMissed":
            self = .missed(code: try c.decode(String.self, forKey: .code))
        // MARK: account-3
        case "appointmentCancelled":
            self = .cancelled(code: try c.decode(String.self, forKey: .code))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown appointment event \(type)")
        }
    }

    /// The wire names ``HallEvent`` hands to this decoder.
    public static let types: Set<String> = [
        "appointmentBooked", "appointmentCheckedIn", "appointmentMissed",
        // MARK: account-3
        "appointmentCancelled",
    ]
}
