import Foundation
import HallCore
import Hummingbird

extension Request {
    /// The query's `day=YYYY-MM-DD`, or `today` without one; 400 `bad_day` when malformed.
    func day(defaultingTo today: LocalDate) throws -> LocalDate {
        guard let text = uri.queryParameters["day"].map(String.init) else { return today }
        guard let day = LocalDate(text) else {
            throw APIError(.badRequest, "bad_day", zh: "日期格式应为 YYYY-MM-DD", en: "Give the day as YYYY-MM-DD")
        }
        return day
    }
}

/// What a resident asks to book.
struct BookingRequest: Decodable {
    var service: String
    /// `2026-11-24`.
    var day: String
    /// `09:30`: the half hour's start.
    var slot: String
    var name: String
    var phone: String
}

/// How a resident checks in: the code, or the phone and name given at booking.
struct CheckInRequest: Decodable {
    var code: String?
    var phone: String?
    var name: String?
}

/// A bookable half hour, as the booking page offers it.
struct SlotView: Encodable {
    var day: String
    var start: String
    var remaining: Int
    var capacity: Int

    init(_ s: AppointmentSlot) {
        day = s.day.description
        start = OpeningPeriod.format(s.start)
        remaining = s.remaining
        capacity = s.capacity
    }
}

/// A bookable service with its coming slots.
struct BookableService: ResponseEncodable {
    var id: String
    var name: LocalizedText
    var perHalfHour: Int
    var daysAhead: Int
    var slots: [SlotView]
}

/// The booking's answer: the code to bring, with the name and phone masked.
struct BookedAppointment: ResponseEncodable {
    var code: String
    var service: String
    var serviceName: LocalizedText
    var day: String
    var slot: String
    var at: Date
    var name: String
    var phone: String
    /// Minutes after the slot's start that the appointment still checks in.
    var graceMinutes: Int

    init(_ a: Appointment, configuration: HallConfiguration) {
        code = a.code
        service = a.serviceID
        serviceName = configuration.service(a.serviceID)?.name ?? LocalizedText(zh: a.serviceID, en: a.serviceID)
        day = a.day.description
        slot = OpeningPeriod.format(a.slot)
        at = a.start(utcOffsetMinutes: configuration.schedule.utcOffsetMinutes)
        name = a.maskedName
        phone = a.maskedPhone
        graceMinutes = configuration.appointmentPolicy.graceMinutes
    }
}

/// An appointment as staff see it (guide desk, clerks, administrators): name and phone in full.
struct StaffAppointment: Encodable {
    var code: String
    var service: String
    var serviceName: LocalizedText
    var day: String
    var slot: String
    var name: String
    var phone: String
    var status: AppointmentStatus
    var bookedBy: String?
    var visitID: String?

    init(_ a: Appointment, _ configuration: HallConfiguration) {
        code = a.code
        service = a.serviceID
        serviceName = configuration.service(a.serviceID)?.name ?? LocalizedText(zh: a.serviceID, en: a.serviceID)
        day = a.day.description
        slot = OpeningPeriod.format(a.slot)
        name = a.name
        phone = a.phone
        status = a.status
        bookedBy = a.bookedBy
        visitID = a.visitID
    }
}

struct AppointmentCounts: Encodable {
    var booked = 0
    var checkedIn = 0
    var missed = 0
}

/// One day's appointments for staff, with the counts (missed ones are counted, seed 003).
struct AppointmentDay: ResponseEncodable {
    var day: String
    var counts: AppointmentCounts
    var appointments: [StaffAppointment]
}
