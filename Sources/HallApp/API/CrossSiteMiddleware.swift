import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Refuses requests that change something (POST, PUT, PATCH, DELETE) when a browser says another
/// site made them: any web page a resident opens on the hall's network could otherwise post to the
/// hall with the browser's cookies. 403 `cross_site`, with the reason, when
///
/// - `Sec-Fetch-Site` is `cross-site` (the browser says the request comes from another site), or
/// - `Origin` is present and is not the hall's own origin (its host and port, as in `Host`), or is `null`
///   (a sandboxed frame, a `data:` page, a redirect from elsewhere).
///
/// A request without `Origin` and without `Sec-Fetch-Site: cross-site` passes: that is a
/// non-browser client — curl, a device, the tests. Browsers send `Origin` with every unsafe request.
/// JSON bodies must also say `Content-Type: application/json` (``HallRequestDecoder``), which a page
/// cannot send to another origin without the hall's consent (it answers no CORS preflight).
struct CrossSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    static var unsafeMethods: Set<HTTPRequest.Method> { [.post, .put, .patch, .delete] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.unsafeMethods.contains(request.method), let reason = Self.refusal(request.head) {
            context.logger.notice(
                "cross-site request refused",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "reason": "\(reason.en)"])
            throw APIError(.forbidden, "cross_site", zh: "已拒绝来自其他网站的请求：\(reason.zh)", en: "Cross-site request refused: \(reason.en)")
        }
        return try await next(request, context)
    }

    /// Why `head` looks like another site's request, or nil.
    static func refusal(_ head: HTTPRequest) -> (zh: String, en: String)? {
        if let site = head.headerFields[.secFetchSite]?.lowercased(), site == "cross-site" {
            return ("浏览器标明请求来自其他网站（Sec-Fetch-Site: cross-site）", "the browser says it comes from another site (Sec-Fetch-Site: cross-site)")
        }
        guard let origin = head.headerFields[.origin] else { return nil }
        guard let originHost = hostAndPort(ofOrigin: origin) else {
            return ("来源（Origin）无效：\(origin)", "its Origin is not a web origin: \(origin)")
        }
        guard let host = (head.authority ?? head.headerFields[.host]).map({ normalized($0, scheme: "http") }), host == originHost else {
            return ("来源 \(origin) 不是本大厅的地址", "its Origin \(origin) is not this hall's address")
        }
        return nil
    }

    /// `http://Hall.local:80` → `hall.local`; `https://10.0.0.5:8443` → `10.0.0.5:8443`; `null` → nil.
    static func hostAndPort(ofOrigin origin: String) -> String? {
        let lower = origin.trimmingCharacters(in: .whitespaces).lowercased()
        for scheme in ["http", "https"] where lower.hasPrefix("\(scheme)://") {
            let rest = lower.dropFirst(scheme.count + 3)
            guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { return nil }
            return normalized(String(rest), scheme: scheme)
        }
        return nil
    }

    /// A host with its port, lower-cased, without the scheme's default port.
    static func normalized(_ authority: String, scheme: String) -> String {
        let lower = authority.lowercased()
        for (defaultScheme, port) in [("http", ":80"), ("https", ":443")] where scheme == defaultScheme && lower.hasSuffix(port) {
            return String(lower.dropLast(port.count))
        }
        return lower
    }
}

extension HTTPField.Name {
    /// The Fetch Metadata header browsers send with every request.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    /// `Host`, where a request built without the `:authority` pseudo-header carries it.
    static let host = HTTPField.Name("Host")!
}
