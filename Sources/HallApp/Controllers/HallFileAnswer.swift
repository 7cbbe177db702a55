import Foundation
import Hummingbird

/// The answer to `PUT /config/hall-file`: saved (200), or rejected with every problem (400).
enum HallFileAnswer: ResponseGenerator {
    case saved(HallFileSaved)
    case rejected(HallFileRejection)

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .saved(let saved): return try saved.response(from: request, context: context)
        case .rejected(let rejection):
            var response = try rejection.response(from: request, context: context)
            response.status = .badRequest
            return response
        }
    }
}

/// One problem of a rejected hall file, for the admin page to list and jump to.
struct HallFileProblemView: Codable {
    var line: Int
    var column: Int
    var message: String
}

/// The 400 answer to a hall file with problems: the usual error body plus every problem.
struct HallFileRejection: ResponseEncodable {
    var error: String
    var message: String
    var message_en: String
    var problems: [HallFileProblemView]
}

/// What a saved hall file changed.
struct HallFileSaved: ResponseEncodable {
    var saved: Bool
    var services: Int
    var windows: Int
    var staff: Int
    var accounts: Int
    /// Parts that take effect only when the hall is restarted (the rate limit, the devices).
    var appliesAfterRestart: [String]
    var message: String
    var message_en: String
}
