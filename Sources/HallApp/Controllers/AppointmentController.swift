import Foundation
import HallCore
import HallStore
import Hummingbird

/// Appointments (预约, seed 003): the bookable slots and booking (public: the resident's phone page
/// `/book`; the guide desk or a clerk booking for a resident is recorded as `bookedBy`), the kiosk's
/// check-in by code or by phone and name (a ticket carrying the slot, called first once the slot
/// has started), and the day's list for staff with the missed ones counted.
///
/// Public answers show the name and phone masked (张*伟, 138****0001). Check-ins that find nothing
/// count against the address, like unknown ticket codes, so codes cannot be tried by the thousand.
struct AppointmentController {
    let hall: Hall
    let database: HallDatabase
    let tickets: TicketController
    let clock: any HallClock
    /// Bookings per address: residents book one or two, not hundreds.
    let bookings = RateLimiter(perMinute: 6, burst: 6)
    /// Check-ins that found no appointment, per address.
    let misses = RateLimiter(perMinute: 10, burst: 10)

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("appointments/slots", use: slots)
            .post("appointments", use: book)
            .post("appointments/check-in", use: checkIn)
            .get("appointments", use: list)
    }

    /// `GET /appointments/slots`: every bookable service with its coming slots and the places left.
    @Sendable func slots(_ request: Request, context: HallRequestContext) async throws -> [BookableService] {
        let state = await hall.state
        let now = clock.now()
        return state.configuration.appointmentPolicy.rules.compactMap { rule in
            guard let service = state.configuration.service(rule.serviceID) else { return nil }
            return BookableService(
                id: service.id, name: service.name, perHalfHour: rule.perHalfHour, daysAhead: rule.daysAhead,
                slots: state.appointmentSlots(service: service.id, at: now).map(SlotView.init))
        }
    }

    /// `POST /appointments` `{"service": "pension", "day": "2026-11-24", "slot": "09:30", "name": "张伟", "phone": "13800000001"}` → 201.
    @Sendable func book(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<BookedAppointment> {
        let body = try await request.decode(as: BookingRequest.self, context: context)
        guard context.account != nil || bookings.allow(context.clientKey, now: clock.now()) else {
            var error = APIError(.tooManyRequests, "rate_limited", zh: "预约过于频繁，请稍后再试", en: "Too many bookings from here; try again shortly")
            error.headers[.retryAfter] = "\(bookings.secondsUntilToken(context.clientKey, now: clock.now()))"
            throw error
        }
        guard let day = LocalDate(body.day), let slot = OpeningPeriod.minute(body.slot) else {
            throw APIError(.badRequest, "bad_slot", zh: "日期或时段格式不正确", en: "Give the day as YYYY-MM-DD and the slot as HH:MM")
        }
        let code = try FreshCode.draw(Self.appointmentCode, unless: { try database.appointment(code: $0) != nil })
        let request = AppointmentRequest(
            serviceID: body.service, day: day, slot: slot, name: body.name, phone: body.phone, code: code, by: context.account?.username)
        let entries = try await hall.execute(.appointment(.book(request)))
        guard let booked = entries.lazy.compactMap({ if case .appointment(.booked(let a)) = $0.event { a } else { nil } }).first else {
            throw APIError(.internalServerError, "internal", zh: "预约失败", en: "No appointment was booked")
        }
        let configuration = await hall.configuration
        return EditedResponse(status: .created, response: BookedAppointment(booked, configuration: configuration))
    }

    /// `POST /appointments/check-in` `{"code": "K7M2QX"}` or `{"phone": "13800000001", "name": "张伟"}` → 201 with the ticket.
    @Sendable func checkIn(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<TicketResponse> {
        guard misses.hasToken(context.clientKey, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "too_many_attempts", zh: "签到尝试过于频繁，请稍后再试", en: "Too many failed check-ins; try again shortly")
            error.headers[.retryAfter] = "\(misses.secondsUntilToken(context.clientKey, now: clock.now()))"
            throw error
        }
        let body = try await request.decode(as: CheckInRequest.self, context: context)
        let key: AppointmentKey
        if let code = body.code {
            key = .code(code.uppercased().replacingOccurrences(of: "-", with: "").trimmingCharacters(in: .whitespaces))
        } else if let phone = body.phone, let name = body.name {
            key = .phone(phone.trimmingCharacters(in: .whitespaces), name: name)
        } else {
            throw APIError(.badRequest, "key_required", zh: "请输入预约码，或手机号和姓名", en: "Give the appointment code, or the phone number and name")
        }
        let secret = HallRuntime.ticketCode()
        do {
            let entries = try await hall.execute(.appointment(.checkIn(key, secret: secret)))
            return EditedResponse(status: .created, response: try await tickets.answer(entries, code: secret))
        } catch let error as HallError where error.code == "unknown_appointment" {
            // An appointment of a day long past has left the hall's book: say why it cannot check in.
            if case .code(let code) = key, let old = try database.appointment(code: code),
                let refusal = await hall.state.checkInRefusal(old, at: clock.now())
            {
                throw refusal
            }
            _ = misses.allow(context.clientKey, now: clock.now())
            throw error
        }
    }

    /// `GET /appointments?day=2026-11-24` (staff): the day's appointments and how many were checked
    /// in or missed. Missed ones are released first. A day the hall's book no longer holds whole
    /// (``AppointmentBook/firstKeptDay(dayStarted:)``) is read from the projection.
    @Sendable func list(_ request: Request, context: HallRequestContext) async throws -> AppointmentDay {
        _ = try context.requireLogin()
        let configuration = await hall.configuration
        let today = LocalDate.local(clock.now(), utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        let day = try request.day(defaultingTo: today)
        try await hall.releaseMissedAppointments()
        let appointments =
            if day < AppointmentBook.firstKeptDay(dayStarted: today) {
                try database.appointments(on: day)
            } else {
                await hall.state.appointmentBook.appointments(on: day)
            }
        var counts = AppointmentCounts()
        for a in appointments {
            switch a.status {
            case .booked: counts.booked += 1
            case .checkedIn: counts.checkedIn += 1
            case .missed: counts.missed += 1
            case .cancelled: break
            }
        }
        return AppointmentDay(day: day.description, counts: counts, appointments: appointments.map { StaffAppointment($0, configuration) })
    }

    /// Six characters a resident can read out or type, without 0/O or 1/I/L: about 887 million codes.
    static func appointmentCode() -> String {
        String(HallRuntime.ticketCode().prefix(6))
    }
}
