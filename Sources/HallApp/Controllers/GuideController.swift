import Foundation
import HallCore
import HallStore
import Hummingbird

/// The guide desk (咨询引导台, seed 003), for a `guide` account or an administrator: issues a
/// ticket for a resident (an elderly resident without a phone …) and grants priority after
/// checking — 特事特办 only here or by an administrator —, logs consultations (首问负责: the question,
/// the answer or the department referred to; counted), and registers home-service requests
/// (上门服务: who, where, what, and when done). Every record carries the account that made it.
struct GuideController {
    let hall: Hall
    let database: HallDatabase
    let tickets: TicketController
    let clock: any HallClock

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post("tickets", use: issue)
            .post("consultations", use: logConsultation)
            .get("consultations", use: consultations)
            .post("home-services", use: registerHomeService)
            .get("home-services", use: homeServices)
            .post("home-services/:id/done", use: completeHomeService)
    }

    /// `POST /guide/tickets` `{"service": "pension", "priority": "urgent"}` → 201 with the ticket, issued by this account.
    @Sendable func issue(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<TicketResponse> {
        let account = try context.requireGuide()
        let body = try await request.decode(as: TicketRequest.self, context: context)
        let code = HallRuntime.ticketCode()
        let entries = try await hall.execute(
            .issueTicket(serviceID: body.service, priority: body.priority ?? .normal, secret: code, by: account.username))
        return EditedResponse(status: .created, response: try await tickets.answer(entries, code: code))
    }

    /// `POST /guide/consultations` `{"question": "…", "answer": "…"}` (or `"referral"`) → 201.
    @Sendable func logConsultation(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<ConsultationView> {
        let account = try context.requireGuide()
        let body = try await request.decode(as: ConsultationRequest.self, context: context)
        let consultation = Consultation(
            id: await newID(), question: body.question, answer: body.answer, referral: body.referral, serviceID: body.service,
            by: account.username)
        let entries = try await hall.execute(.guideDesk(.logConsultation(consultation)))
        // The clock's own events (a new day, an alert raised or cleared) may come before the command's.
        let logged = entries.lazy.compactMap { entry in
            if case .guideDesk(.consultationLogged(let logged)) = entry.event { (logged, entry.at) } else { nil }
        }.first
        guard let (consultation, at) = logged else {
            throw APIError(.internalServerError, "internal", zh: "登记失败", en: "Nothing was logged")
        }
        return EditedResponse(status: .created, response: ConsultationView(consultation, at: at))
    }

    /// `GET /guide/consultations?day=…`: the day's consultations and their count.
    @Sendable func consultations(_ request: Request, context: HallRequestContext) async throws -> ConsultationDay {
        _ = try context.requireGuide()
        let day = try await requestedDay(request)
        let list = try database.consultations(day: day).map { ConsultationView($0.consultation, at: $0.at) }
        return ConsultationDay(day: day.description, count: list.count, consultations: list)
    }

    /// `POST /guide/home-services` `{"name": "…", "phone": "…", "address": "…", "matter": "…"}` → 201.
    @Sendable func registerHomeService(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<HomeServiceRequest> {
        let account = try context.requireGuide()
        let body = try await request.decode(as: HomeServiceBody.self, context: context)
        let draft = HomeServiceRequest(
            id: await newID(), name: body.name, phone: body.phone, address: body.address, matter: body.matter, requestedAt: clock.now(),
            by: account.username)
        let entries = try await hall.execute(.guideDesk(.registerHomeService(draft)))
        let registered = entries.lazy.compactMap { entry in
            if case .guideDesk(.homeServiceRegistered(let registered)) = entry.event { registered } else { nil }
        }.first
        guard let registered else {
            throw APIError(.internalServerError, "internal", zh: "登记失败", en: "Nothing was registered")
        }
        return EditedResponse(status: .created, response: registered)
    }

    /// `GET /guide/home-services`: open requests first, then the done ones.
    @Sendable func homeServices(_ request: Request, context: HallRequestContext) async throws -> [HomeServiceRequest] {
        _ = try context.requireGuide()
        return await hall.state.homeServiceBook.ordered
    }

    /// `POST /guide/home-services/{id}/done` `{"result": "…"}`.
    @Sendable func completeHomeService(_ request: Request, context: HallRequestContext) async throws -> HomeServiceRequest {
        let account = try context.requireGuide()
        let id = try context.parameters.require("id")
        let body = try await request.decode(as: HomeServiceDone.self, context: context)
        try await hall.execute(.guideDesk(.completeHomeService(id: id, result: body.result, by: account.username)))
        guard let done = await hall.state.homeServiceBook.requests[id] else {
            throw APIError(.notFound, "unknown_home_service", zh: "没有该上门服务登记", en: "No such home-service request")
        }
        return done
    }

    /// `20261123-K7M2QX`: the hall's day and six random characters.
    private func newID() async -> String {
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        return "\(LocalDate.local(clock.now(), utcOffsetMinutes: offset).date.compact)-\(AppointmentController.appointmentCode())"
    }

    private func requestedDay(_ request: Request) async throws -> LocalDate {
        let offset = await hall.configuration.schedule.utcOffsetMinutes
        return try request.day(defaultingTo: LocalDate.local(clock.now(), utcOffsetMinutes: offset).date)
    }
}

struct ConsultationRequest: Decodable {
    var question: String
    var answer: String?
    var referral: String?
    var service: String?
}

struct HomeServiceBody: Decodable {
    var name: String
    var phone: String
    var address: String
    var matter: String
}

struct HomeServiceDone: Decodable {
    var result: String
}

struct ConsultationView: ResponseEncodable {
    var id: String
    var at: Date
    var question: String
    var answer: String?
    var referral: String?
    var service: String?
    var by: String

    init(_ c: Consultation, at: Date) {
        id = c.id
        self.at = at
        question = c.question
        answer = c.answer
        referral = c.referral
        service = c.serviceID
        by = c.by
    }
}

struct ConsultationDay: ResponseEncodable {
    var day: String
    var count: Int
    var consultations: [ConsultationView]
}

extension HomeServiceRequest: ResponseEncodable {}
