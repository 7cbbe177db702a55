import Foundation
import HallCore
import Hummingbird

/// A visit as the administrator handles it: `POST /visits/{id}/cancel` takes a waiting ticket out
/// of its line. (Its rating is ``RatingController``'s, its scans ``ScanController``'s.)
struct VisitController {
    let hall: Hall

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post(":id/cancel", use: cancel)
    }

    @Sendable func cancel(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        _ = try context.requireAdmin()
        let entries = try await hall.execute(.cancel(visitID: try context.parameters.require("id")))
        return ActionResult(entries)
    }
}
