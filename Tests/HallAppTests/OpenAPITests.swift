import Foundation
import HallCore
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@testable import HallApp

@Suite("The OpenAPI document")
struct OpenAPITests {
    @Test("every route the server answers is described in openapi.yaml, which the server serves")
    func everyRouteDocumented() async throws {
        let t = try await TestHall()
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/HallApp/Resources/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let routes = HallServer.router(runtime: t.runtime).routes
        #expect(routes.count > 20)
        for route in routes {
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            let documented = paths["/" + path]
            #expect(documented != nil, "\(route.method) /\(path) is not in openapi.yaml")
            #expect(documented?[route.method.rawValue.lowercased()] != nil, "\(route.method) /\(path) has no operation in openapi.yaml")
        }
        try await t.application().test(.router) { client in
            let served = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(served.status == .ok)
            #expect(String(buffer: served.body) == text)
        }
    }

    @Test("every journal event type is in Event's oneOf and discriminator, and each audience's encoding fits its schema")
    func everyEventDocumented() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/HallApp/Resources/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let event = try #require(schemas["Event"])
        let mapping = try #require((event["discriminator"] as? [String: Any])?["mapping"] as? [String: String])
        let oneOf = Set(try #require(event["oneOf"] as? [[String: String]]).compactMap { $0["$ref"] })
        let samples = EventSamples.all
        #expect(Set(samples.map(EventSamples.caseName)) == Set(EventSamples.caseNames), "a HallEvent case has no sample")
        let types = Set(samples.map(\.type))
        let nested = FollowUpEvent.types.union(ComplaintEvent.types).union(AppointmentEvent.types).union(GuideDeskEvent.types)
        #expect(nested.isSubset(of: types), "missing samples of \(nested.subtracting(types).sorted())")
        #expect(Set(mapping.keys) == types, "discriminator differs: \(Set(mapping.keys).symmetricDifference(types).sorted())")
        for sample in samples {
            let ref = try #require(mapping[sample.type], "\(sample.type) is not in the discriminator")
            #expect(oneOf.contains(ref), "\(ref) is not in Event's oneOf")
            let schema = try #require(schemas[String(ref.split(separator: "/").last!)])
            let properties = try #require(schema["properties"] as? [String: Any])
            let required = try #require(schema["required"] as? [String])
            let typeEnum = try #require((properties["type"] as? [String: Any])?["enum"] as? [String])
            #expect(schema["additionalProperties"] as? Bool == false, "\(ref) is not closed")
            #expect(typeEnum.contains(sample.type), "\(ref) does not admit type \(sample.type)")
            for audience in FeedAudience.allCases {
                let data = try JSON.encoder.encode(FeedEvent(event: sample, audience: audience))
                let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let keys = Set(object.keys)
                #expect(
                    keys.isSubset(of: Set(properties.keys)),
                    "\(sample.type) (\(audience)) has undocumented \(keys.subtracting(properties.keys).sorted())")
                #expect(Set(required).isSubset(of: keys), "\(sample.type) (\(audience)) lacks \(Set(required).subtracting(keys).sorted())")
            }
        }
    }
}

/// One event of every kind, with every optional field set, as a clerk's actions would journal them.
enum EventSamples {
    static let day = LocalDate(year: 2026, month: 11, day: 30)
    static let at = Date(timeIntervalSince1970: 1_796_000_000)

    static let all: [HallEvent] = [
        .dayStarted(date: day),
        .ticketIssued(
            .init(
                visitID: "20261130-A001", number: "A001", serviceID: "hukou", priority: .elderly, ahead: 2, estimatedWaitSeconds: 300,
                appointmentAt: at, secret: "S3CRET", by: "guide")),
        .visitCalled(visitID: "20261130-A001", number: "A001", window: 1, recall: true, calls: 2),
        .serviceStarted(visitID: "20261130-A001", window: 1),
        .visitFinished(visitID: "20261130-A001", window: 1, staffID: "s1"),
        .visitNoShow(visitID: "20261130-A002", window: 1, reason: .recallLimit),
        .visitTransferred(visitID: "20261130-A003", fromWindow: 1, toService: "tax", toWindow: 2, position: .front),
        .visitHeld(visitID: "20261130-A003", window: 1),
        .visitResumed(visitID: "20261130-A003", window: 1),
        .visitCancelled(visitID: "20261130-A004", reason: .endOfDay),
        .windowOpened(window: 1, staffID: "s1"),
        .windowPaused(window: 1, reason: "lunch"),
        .windowClosed(window: 1),
        .presenceChanged(staffID: "s1", presence: Presence(status: .meeting, note: "3楼")),
        .ratingRecorded(
            .init(
                visitID: "20261130-A001", level: .unsatisfied, reason: "slow", source: "evaluator", window: 1, staffID: "s1",
                serviceID: "hukou", reasonPending: true)),
        .ratingExpired(visitID: "20261130-A001"),
        .deviceStatusChanged(deviceID: "printer-1", kind: "printer", window: 1, status: .paperOut),
        .printJobDropped(deviceID: "printer-1", jobID: "j1", visitID: "20261130-A001", reason: "expired"),
        .visitOutcome(
            .init(
                visitID: "20261130-A001", window: 1, serviceID: "hukou",
                outcome: .referred(Referral(department: "县人社局", phone: "0571-1234", address: "人民路1号")), caseNumber: "20261130-0001",
                by: "s1")),
        .visitOutcome(
            .init(
                visitID: "20261130-A005", window: 1, serviceID: "hukou", outcome: .refused(reason: "不符合条件", basis: "《条例》第3条"),
                caseNumber: nil, by: "s1")),
        .visitOutcome(
            .init(
                visitID: "20261130-A006", window: 1, serviceID: "hukou", outcome: .papersMissing(missing: ["身份证"]), caseNumber: nil,
                by: "s1")),
        .caseAccepted(
            .init(
                caseNumber: "20261130-0001", code: "CODE", visitID: "20261130-A001", serviceID: "hukou", applicantName: "张三丰",
                applicantPhone: "13800000001", promisedDate: day, by: "s1")),
        .caseExtended(caseNumber: "20261130-0001", reason: "补充材料", promisedDate: day, by: "s1"),
        .caseReady(caseNumber: "20261130-0001", by: "s1"),
        .caseCompleted(caseNumber: "20261130-0001", by: "s1"),
        .casePickedUp(caseNumber: "20261130-0001", by: "s1"),
        .documentPrinted(visitID: "20261130-A001", document: .receipt, caseNumber: "20261130-0001", by: "s1"),
        .followUp(
            .opened(
                .init(
                    id: "20261130-A001", level: .unsatisfied, reason: "slow", window: 1, ratedStaffID: "s1", serviceID: "hukou", due: day))),
        .followUp(.assigned(id: "20261130-A001", staffID: "s1", by: "admin")),
        .followUp(.calledBack(id: "20261130-A001", reached: true, note: "ok", by: "admin")),
        .followUp(.closed(id: "20261130-A001", cause: "c", action: "a", by: "admin")),
        .complaint(
            .submitted(.init(id: "K7MQ3XPA", category: .fees, channel: .kiosk, text: "t", phone: "13800000001", ticket: "A001", due: day))),
        .complaint(.written(id: "K7MQ3XPA", text: "t")),
        .complaint(.assigned(id: "K7MQ3XPA", staffID: "s1", by: "admin")),
        .complaint(.replied(id: "K7MQ3XPA", text: "r", by: "admin")),
        .complaint(.closed(id: "K7MQ3XPA", by: "admin")),
        .alertRaised(
            Alert(
                id: "window:1", kind: .device, windows: [1], serviceID: "hukou", window: 1, deviceID: "printer-1", subject: "x",
                message: LocalizedText(zh: "缺纸", en: "Paper out"))),
        .alertCleared(id: "window:1"),
        .appointment(
            .booked(
                Appointment(
                    code: "AP1", serviceID: "hukou", day: day, slot: 3, name: "张三丰", phone: "13800000001", bookedAt: at, bookedBy: "guide",
                    visitID: "20261130-A001"))),
        .appointment(.checkedIn(code: "AP1", visitID: "20261130-A001")),
        .appointment(.missed(code: "AP1")),
        .appointment(.cancelled(code: "AP2")),
        .guideDesk(.consultationLogged(Consultation(id: "C1", question: "q", answer: "a", referral: "r", serviceID: "hukou", by: "guide"))),
        .guideDesk(
            .homeServiceRegistered(
                HomeServiceRequest(
                    id: "H1", name: "张三丰", phone: "13800000001", address: "a", matter: "m", requestedAt: at, by: "guide", doneAt: at,
                    doneBy: "guide", result: "r"))),
        .guideDesk(.homeServiceDone(id: "H1", result: "r", by: "guide")),
        .windowTakenOver(window: 1, by: "clerk2", from: "clerk1"),
    ]

    /// Every case of ``HallEvent`` (see ``caseName(_:)``).
    static let caseNames = [
        "dayStarted", "ticketIssued", "visitCalled", "serviceStarted", "visitFinished", "visitNoShow", "visitTransferred", "visitHeld",
        "visitResumed", "visitCancelled", "windowOpened", "windowPaused", "windowClosed", "presenceChanged", "ratingRecorded",
        "ratingExpired", "deviceStatusChanged", "printJobDropped", "visitOutcome", "caseAccepted", "caseExtended", "caseReady",
        "caseCompleted", "casePickedUp", "documentPrinted", "followUp", "complaint", "alertRaised", "alertCleared", "appointment",
        "guideDesk", "windowTakenOver",
    ]

    /// The case of `event` (every case carries values, so the mirror names it).
    static func caseName(_ event: HallEvent) -> String {
        // Exhaustive on purpose: a new case of HallEvent stops this compiling until it is in `caseNames` and `all`.
        switch event {
        case .dayStarted, .ticketIssued, .visitCalled, .serviceStarted, .visitFinished, .visitNoShow, .visitTransferred, .visitHeld,
            .visitResumed, .visitCancelled, .windowOpened, .windowPaused, .windowClosed, .presenceChanged, .ratingRecorded,
            .ratingExpired, .deviceStatusChanged, .printJobDropped, .visitOutcome, .caseAccepted, .caseExtended, .caseReady,
            .caseCompleted, .casePickedUp, .documentPrinted, .followUp, .complaint, .alertRaised, .alertCleared, .appointment,
            .guideDesk, .windowTakenOver:
            Mirror(reflecting: event).children.first?.label ?? ""
        }
    }
}
