import Foundation
import HallCore
import HallStore
import Hummingbird

/// Finishing a visit with its outcome, `POST /windows/{number}/finish-with-outcome`: the clerk
/// logged in to that window, or an administrator. The body is the outcome, flat:
///
/// ```json
/// {"outcome": "accepted", "applicantName": "张三丰", "applicantPhone": "13800000001", "workingDays": 20}
/// {"outcome": "refused", "reason": "…", "basis": "《…》第…条"}
/// {"outcome": "referred", "department": "县自然资源局", "phone": "0838-1234567", "address": "…"}
/// {"outcome": "papersMissing", "missing": ["户口簿", "一寸照片"]}
/// ```
///
/// An outcome with a paper (受理凭证, 一次性告知单, 不予受理告知书, 告知单) prints it at once on the
/// window's printer when it has one; the answer carries the print's report (`print`, null without a printer).
struct CaseOutcomeController {
    let hall: Hall
    let printing: PrintController

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post(":number/finish-with-outcome", use: finish)
    }

    @Sendable func finish(_ request: Request, context: HallRequestContext) async throws -> OutcomeResult {
        let body = try await request.decode(as: OutcomeRequest.self, context: context)
        let intake: CaseIntake? =
            body.outcome == .accepted
            ? CaseIntake(
                applicantName: body.applicantName, applicantPhone: body.applicantPhone, workingDays: body.workingDays,
                code: CaseOutcomeController.caseCode())
            : nil
        let result = try await WindowController(hall: hall).act(context) { .finish(window: $0, outcome: body.outcome, intake: intake) }
        var answer = OutcomeResult(window: result.window, events: result.events)
        for case .visitOutcome(let recorded) in result.events {
            answer.caseNumber = recorded.caseNumber
            guard let document = CaseDocument.allCases.first(where: { $0.outcome == recorded.outcome.kind }) else { continue }
            answer.document = document
            let account = try context.requireLogin()
            if let printed = try? await printing.printPaper(
                document, visitID: recorded.visitID, window: recorded.window, by: account.staffID ?? account.username)
            {
                answer.print = printed.responseGenerator.print
            }
        }
        return answer
    }

    /// 128 random bits as 26 characters a phone's browser keeps in a URL: `/c/k3m9…`.
    static func caseCode() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var code = ""
        for _ in 0..<2 {
            var bits = UInt64.random(in: .min ... .max)
            for _ in 0..<13 {
                code.append(alphabet[Int(bits & 31)])
                bits >>= 5
            }
        }
        return code
    }
}

/// The outcome, flat, plus the case's details when it is `accepted`.
struct OutcomeRequest: Decodable {
    var outcome: VisitOutcome
    var applicantName: String?
    var applicantPhone: String?
    var workingDays: Int?

    private enum Key: String, CodingKey { case applicantName, applicantPhone, workingDays }

    init(from decoder: any Decoder) throws {
        outcome = try VisitOutcome(from: decoder)
        let c = try decoder.container(keyedBy: Key.self)
        applicantName = try c.decodeIfPresent(String.self, forKey: .applicantName)
        applicantPhone = try c.decodeIfPresent(String.self, forKey: .applicantPhone)
        workingDays = try c.decodeIfPresent(Int.self, forKey: .workingDays)
    }
}

/// The events of finishing, the window after them, the case opened and the paper printed.
struct OutcomeResult: ResponseEncodable {
    var window: WindowView?
    var events: [HallEvent]
    var caseNumber: String?
    /// The paper the outcome calls for, nil when it calls for none.
    var document: CaseDocument?
    /// What the window's printer did with it; nil without a printer.
    var print: PrintReport?
}
