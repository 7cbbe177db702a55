import Foundation
import Hummingbird
import NIOCore

/// The hall's JSON: ISO 8601 dates with milliseconds, sorted keys. Every answer goes through
/// ``encoder`` (it is ``HallRequestContext``'s response encoder), and so do the live feed's messages.
enum JSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date))
        }
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// A value as a JSON response. Only `GET /api/v1/hall` (Live/LiveFeed.swift) still builds its
    /// answer this way; routes return ``ResponseEncodable`` values instead.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
