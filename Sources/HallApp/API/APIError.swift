import Foundation
import HallCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// An error answered as JSON: `{"error": "hall_closed", "message": "现在不是办公时间", "message_en": "…"}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: LocalizedText
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, zh: String, en: String) {
        self.status = status
        self.code = code
        self.message = LocalizedText(zh: zh, en: en)
    }

    init(_ error: HallError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .notFound: .notFound
            case .conflict: .conflict
            case .invalid: .badRequest
            case .forbidden: .forbidden
            }
        self.init(status, error.code, zh: error.message.zh, en: error.message.en)
    }

    /// Maps anything a route or middleware threw to the JSON error body. Only the hall's own errors
    /// (``APIError``, ``HallError``) and the HTTP layer's 4xx errors keep their text: anything else
    /// (a SQLite error with its SQL, a file path, a decoding error from stored data) is internal and
    /// answers ``internal(id:)`` — the detail goes to the log under that id, never to the client.
    static func from(_ error: any Error, errorID: String = newErrorID()) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as HallError: return APIError(e)
        case let e as HTTPError where e.status.code < 500:
            switch e.status {
            case .notFound: return APIError(.notFound, "not_found", zh: "没有这个地址", en: "No such route")
            case .contentTooLarge: return APIError(.contentTooLarge, "too_large", zh: "请求内容过大", en: "The request body is too large")
            case .badRequest: return APIError(.badRequest, "bad_request", zh: "请求格式不正确", en: e.body ?? "Bad request")
            default:
                return APIError(e.status, "http_\(e.status.code)", zh: e.body ?? e.status.reasonPhrase, en: e.body ?? e.status.reasonPhrase)
            }
        default:
            return .internal(id: errorID)
        }
    }

    /// The answer to an error the hall did not anticipate: a bilingual apology and an id the
    /// administrator finds in the log next to the real error.
    static func `internal`(id: String) -> APIError {
        APIError(
            .internalServerError, "internal", zh: "服务器内部错误，请稍后重试（错误编号 \(id)）",
            en: "Internal error; please try again shortly (error id \(id))")
    }

    /// A short random id that ties an internal error's answer to its log line.
    static func newErrorID() -> String {
        String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8)
    }

    static func badBody(_ error: DecodingError) -> APIError {
        let detail: String =
            switch error {
            case .keyNotFound(let key, let c): "missing field \((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
            case .typeMismatch(_, let c), .valueNotFound(_, let c):
                "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
            case .dataCorrupted(let c):
                c.codingPath.isEmpty
                    ? "not valid JSON" : "invalid value at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
            @unknown default: "\(error)"
            }
        return APIError(.badRequest, "bad_body", zh: "请求内容有误：\(detail)", en: "Bad request body: \(detail)")
    }

    static let loginRequired = APIError(.unauthorized, "login_required", zh: "请先登录", en: "Log in first")
    static let adminOnly = APIError(.forbidden, "admin_only", zh: "仅管理员可操作", en: "Administrators only")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSON.encoder.encode(ErrorBody(error: code, message: message.zh, message_en: message.en))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error into the JSON error body, so no client ever sees a bare status. An internal
/// error is logged with its detail and an error id; the client gets only the id (``APIError/internal(id:)``).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let errorID = APIError.newErrorID()
            let apiError = APIError.from(error, errorID: errorID)
            if apiError.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "errorID": "\(errorID)", "method": "\(request.method)", "path": "\(request.uri.path)",
                        "error": "\(String(reflecting: error))",
                    ])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// The JSON body of every error.
struct ErrorBody: Codable {
    var error: String
    var message: String
    var message_en: String
}
