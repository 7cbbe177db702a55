import Foundation
import Hummingbird
import NIOCore

/// Reads a request body as JSON into a typed request value (`request.decode(as:context:)`), and
/// tells the client exactly what it got wrong, in the hall's error body:
///
/// - a body that is not JSON by its `Content-Type` → 415 `unsupported_media_type`. Accepted: no
///   `Content-Type`, `application/json` (or `…+json`), and `application/x-www-form-urlencoded`
///   because that is what `curl -d '{…}'` sends; the body is JSON in every case.
/// - a body beyond the context's upload limit → 413 `too_large`;
/// - JSON that does not fit → 400 `bad_body` naming the field: `missing field service`,
///   `wrong type at window: …`, `not valid JSON`.
///
/// An empty body reads as `{}`, so an action without options needs no body.
public struct HallRequestDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let contentType = request.headers[.contentType], !Self.acceptsJSON(contentType) {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type", zh: "请求内容须为JSON（Content-Type: application/json），收到的是 \(contentType)",
                en: "Send the body as JSON (Content-Type: application/json), not \(contentType)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, "too_large", zh: "请求内容过大（不超过\(context.maxUploadSize / 1024)KB）",
                en: "The request body is larger than \(context.maxUploadSize / 1024) KB")
        }
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        do {
            return try JSON.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        }
    }

    /// Whether a `Content-Type` announces a body this decoder reads.
    static func acceptsJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "application/x-www-form-urlencoded"
    }
}
