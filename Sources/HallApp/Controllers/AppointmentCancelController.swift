import Foundation
import HallCore
import HallStore
import Hummingbird

/// The resident cancels an appointment (取消预约) on the booking page, with the code the booking gave:
/// `POST /appointments/cancel` `{"code": "K7M2QX"}` → 200 with the appointment (name and phone
/// masked); its place in the slot is free again. Journaled as `appointmentCancelled` (the code only
/// in the journal). Codes that find nothing count against the address, like check-ins, so codes
/// cannot be tried by the thousand.
struct AppointmentCancelController {
    let hall: Hall
    let clock: any HallClock
    /// Cancellations that found no appointment, per address.
    let misses = RateLimiter(perMinute: 10, burst: 10)

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self).post("appointments/cancel", use: cancel)
    }

    @Sendable func cancel(_ request: Request, context: HallRequestContext) async throws -> BookedAppointment {
        guard misses.hasToken(context.clientKey, now: clock.now()) else {
            var error = APIError(
                .tooManyRequests, "too_many_attempts", zh: "尝试过于频繁，请稍后再试", en: "Too many unknown codes; try again shortly")
            error.headers[.retryAfter] = "\(misses.secondsUntilToken(context.clientKey, now: clock.now()))"
            throw error
        }
        let body = try await request.decode(as: CancelAppointmentRequest.self, context: context)
        let code = body.code.uppercased().replacingOccurrences(of: "-", with: "").trimmingCharacters(in: .whitespaces)
        do {
            _ = try await hall.execute(.appointment(.cancel(code: code)))
        } catch let error as HallError where error.code == "unknown_appointment" {
            // An appointment of a day long past has left the hall's book: say why it cannot be cancelled.
            if let old = try hall.database.appointment(code: code), let refusal = await hall.state.cancelRefusal(old, at: clock.now()) {
                throw refusal
            }
            _ = misses.allow(context.clientKey, now: clock.now())
            throw error
        }
        let state = await hall.state
        guard let appointment = state.appointmentBook.appointment(code: code) else {
            throw APIError(.internalServerError, "internal", zh: "取消失败", en: "The appointment was not cancelled")
        }
        return BookedAppointment(appointment, configuration: state.configuration)
    }
}

struct CancelAppointmentRequest: Decodable {
    var code: String
}
