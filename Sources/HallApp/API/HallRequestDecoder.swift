import Foundation
import Hummingbird
import NIOCore

/// Reads a request body as JSON into a typed request value (`request.decode(as:context:)`), and
/// tells the client exactly what it got wrong, in the hall's error body:
///
/// - a body that is not JSON by its `Content-Type` → 415 `unsupported_media_type`. Only
///   `application/json` (or `…+json`) is read. A form type (`application/x-www-form-urlencoded`,
///   `multipart/form-data`, `text/plain`) is what any web page can make a browser send to the hall
///   without asking, so it is refused rather than read as JSON; so is a body without a type.
/// - a body beyond ``jsonBodyLimit`` (the context's upload limit) → 413 `too_large`;
/// - JSON that does not fit → 400 `bad_body` naming the field: `missing field service`,
///   `wrong type at window: …`, `not valid JSON`.
///
/// An empty body (with or without a JSON type) reads as `{}`, so an action without options needs no body.
public struct HallRequestDecoder: RequestDecoder {
    /// The largest JSON body a route reads: every request the hall takes is a few hundred bytes.
    /// (Hall files and photos are uploads, bounded by `Request.adminUploadLimit`.)
    public static let jsonBodyLimit = 16 * 1024

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType]
        if let contentType, !Self.acceptsJSON(contentType) {
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
        if buffer.readableBytes == 0 { return try JSON.decoder.decode(T.self, from: Data("{}".utf8)) }
        guard contentType != nil else {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type", zh: "请求内容须为JSON，请加上 Content-Type: application/json",
                en: "Send the body as JSON with the header Content-Type: application/json")
        }
        // The kiosk's ticket, thousands a minute at opening, without Foundation's decoder when its body is plain.
        if let flat = T.self as? any FlatJSONRequest.Type, let fields = Self.flatFields(buffer.readableBytesView),
            let value = flat.init(flat: fields) as? T
        {
            return value
        }
        do {
            return try JSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        }
    }

    /// The fields of a body that is one flat object of plain strings — printable ASCII, no escapes, each
    /// key once — as `{"service":"pension","priority":"elderly"}` is; nil for anything else, which
    /// Foundation's decoder reads (and explains when it is wrong).
    static func flatFields(_ body: some Collection<UInt8>) -> [String: String]? {
        var fields: [String: String] = [:]
        var i = body.startIndex
        func skipBlanks() {
            while i != body.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(body[i]) { i = body.index(after: i) }
        }
        func expect(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard i != body.endIndex, body[i] == byte else { return false }
            i = body.index(after: i)
            return true
        }
        func plainString() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i != body.endIndex, body[i] != UInt8(ascii: "\"") {
                guard (0x20...0x7E).contains(body[i]), body[i] != UInt8(ascii: "\\") else { return nil }
                i = body.index(after: i)
            }
            guard i != body.endIndex else { return nil }
            defer { i = body.index(after: i) }
            return String(decoding: body[start..<i], as: UTF8.self)
        }
        guard expect(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = plainString(), expect(UInt8(ascii: ":")), let value = plainString(), fields[key] == nil else { return nil }
            fields[key] = value
        } while expect(UInt8(ascii: ","))
        guard expect(UInt8(ascii: "}")) else { return nil }
        skipBlanks()
        return i == body.endIndex ? fields : nil
    }

    /// Whether a `Content-Type` announces JSON: `application/json` or a `+json` type, any parameters.
    /// Read by its bytes: Foundation's trimming and lowercasing were a hundredth of a kiosk request.
    static func acceptsJSON(_ contentType: String) -> Bool {
        var mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = mediaType.first, blank(first) { mediaType = mediaType.dropFirst() }
        while let last = mediaType.last, blank(last) { mediaType = mediaType.dropLast() }
        let lower = String(decoding: mediaType.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return lower == "application/json" || (lower.hasPrefix("application/") && lower.hasSuffix("+json"))
    }
}

/// A request the kiosks send often whose body is plain strings: made from ``HallRequestDecoder/flatFields(_:)``
/// when it fits exactly (every key known, every value valid), else read by Foundation's decoder.
protocol FlatJSONRequest {
    init?(flat fields: [String: String])
}
