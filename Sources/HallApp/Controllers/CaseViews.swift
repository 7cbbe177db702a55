import Foundation
import HallCore
import Hummingbird

/// A case as the staff see it (names and phones in full).
struct CaseView: ResponseEncodable, Equatable {
    var number: String
    var visitID: String
    var serviceID: String
    var service: LocalizedText
    var applicantName: String?
    var applicantPhone: String?
    var acceptedAt: Date
    var acceptedBy: String?
    var promisedDate: LocalDate
    var originalPromisedDate: LocalDate
    var extensionReason: String?
    var status: CaseStatus
    var statusLabel: LocalizedText
    var readyAt: Date?
    var closedAt: Date?

    init(_ r: CaseRecord, today: LocalDate, configuration c: HallConfiguration) {
        number = r.number
        visitID = r.visitID
        serviceID = r.serviceID
        service = c.service(r.serviceID)?.name ?? LocalizedText(zh: r.serviceID, en: r.serviceID)
        applicantName = r.applicantName
        applicantPhone = r.applicantPhone
        acceptedAt = r.acceptedAt
        acceptedBy = r.acceptedBy
        promisedDate = r.promisedDate
        originalPromisedDate = r.originalPromisedDate
        extensionReason = r.extensionReason
        status = r.status(on: today)
        statusLabel = status.label
        readyAt = r.readyAt
        closedAt = r.closedAt
    }
}

/// Cases for the staff: `overdueCount` counts every overdue case whatever the filter.
struct CaseList: ResponseEncodable {
    var today: LocalDate
    var overdueCount: Int
    var cases: [CaseView]
}

/// A step's answer: the case after it and the events.
struct CaseStepResult: ResponseEncodable {
    var `case`: CaseView
    var events: [HallEvent]
}

/// A case as its resident's phone sees it: the masked name, no phone, no visit or staff.
struct PublicCaseView: ResponseEncodable {
    var number: String
    var service: LocalizedText
    var applicant: String?
    var acceptedOn: LocalDate
    var promisedDate: LocalDate
    /// Set when the time limit was extended: the date first promised and why it moved.
    var originalPromisedDate: LocalDate?
    var extensionReason: String?
    var status: CaseStatus
    var statusLabel: LocalizedText
    var readyAt: Date?
    var closedAt: Date?
    var hallName: LocalizedText
    var supervisionPhone: String?

    init(_ v: CaseView, configuration c: HallConfiguration) {
        number = v.number
        service = v.service
        applicant = v.applicantName.map(Masked.name)
        acceptedOn = LocalDate.local(v.acceptedAt, utcOffsetMinutes: c.schedule.utcOffsetMinutes).date
        promisedDate = v.promisedDate
        if v.extensionReason != nil {
            originalPromisedDate = v.originalPromisedDate
            extensionReason = v.extensionReason
        }
        status = v.status
        statusLabel = v.statusLabel
        readyAt = v.readyAt
        closedAt = v.closedAt
        hallName = c.name
        supervisionPhone = c.supervisionPhone
    }
}
