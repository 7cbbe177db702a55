import Foundation
import HallCore
import HallStore

/// A case event as a public screen may see it: which visit or case, never the applicant, the
/// outcome's details, the case code or who acted.
struct PublicCaseEvent: Encodable {
    var type: String
    var visitID: String?
    var window: Int?
    var caseNumber: String?

    init?(_ event: HallEvent) {
        type = event.type
        switch event {
        case .visitOutcome(let o):
            visitID = o.visitID
            window = o.window
        case .caseAccepted(let a):
            caseNumber = a.caseNumber
        case .caseExtended(let number, _, _, _), .caseReady(let number, _), .caseCompleted(let number, _),
            .casePickedUp(let number, _):
            caseNumber = number
        case .documentPrinted(let visit, _, let number, _):
            visitID = visit
            caseNumber = number
        default:
            return nil
        }
    }
}

/// A case ready for pickup as the hall board announces it: the case number and the masked name.
public struct ReadyCaseView: Codable, Sendable, Hashable {
    public var number: String
    /// `张*丰`; nil when the case has no applicant's name.
    public var applicant: String?
    public var readyAt: Date?
}

extension HallState {
    /// The cases ready for pickup, in the order they became ready (the board shows the latest 20).
    func readyCaseViews() -> [ReadyCaseView] {
        cases.ready.suffix(20).map { ReadyCaseView(number: $0.number, applicant: $0.applicantName.map(Masked.name), readyAt: $0.readyAt) }
    }
}

/// Small answers about cases computed inside the actor (see ``Hall/snapshot(for:)`` on why routes
/// do not copy the whole state out).
extension Hall {
    /// The hall's day now, for a case's status (overdue from the day after its promise).
    private var caseDay: LocalDate {
        LocalDate.local(clock.now(), utcOffsetMinutes: state.configuration.schedule.utcOffsetMinutes).date
    }

    /// A case by number: from the book, or from the projection when it closed long ago.
    func caseView(_ number: String) -> CaseView? {
        (state.cases.cases[number] ?? (try? database.caseRecord(number: number)) ?? nil).map {
            CaseView($0, today: caseDay, configuration: state.configuration)
        }
    }

    /// The case page's data for `code`, nil when no case has it (a case closed long ago is read from
    /// the projection: a resident may look at their receipt's page months later).
    func publicCaseView(code: String) -> PublicCaseView? {
        (state.cases.caseWith(code: code) ?? (try? database.caseRecord(code: code)) ?? nil).map {
            PublicCaseView(CaseView($0, today: caseDay, configuration: state.configuration), configuration: state.configuration)
        }
    }

    /// The cases `filter` (`open`, `overdue`, `ready`, `all`) names, at most 500; nil for another filter.
    func caseList(_ filter: String) -> CaseList? {
        let book = state.cases
        let day = caseDay
        let chosen: [CaseRecord]
        switch filter {
        case "overdue": chosen = book.overdue(on: day)
        case "ready": chosen = book.ready
        case "open": chosen = book.cases.values.filter(\.isOpen).sorted { ($0.promisedDate, $0.number) < ($1.promisedDate, $1.number) }
        // The book keeps a month of closed cases; the projection has them all.
        case "all": chosen = (try? database.newestCases(limit: 500)) ?? book.cases.values.sorted { $0.number > $1.number }
        default: return nil
        }
        return CaseList(
            today: day, overdueCount: book.overdue(on: day).count,
            cases: chosen.prefix(500).map { CaseView($0, today: day, configuration: state.configuration) })
    }
}
