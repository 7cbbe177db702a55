import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the API's own description: from /usr/share/servicehall when installed (the
/// package ships no SwiftPM resource bundle), else from the bundle the build made.
struct APIDocumentController {
    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("openapi.yaml", use: document)
    }

    @Sendable func document(_ request: Request, context: HallRequestContext) async throws -> Response {
        guard
            let url = InstalledPaths.current.openAPIFile.map(URL.init(fileURLWithPath:))
                ?? Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw APIError(.notFound, "not_found", zh: "缺少接口文档", en: "openapi.yaml is missing") }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: .init(string: text)))
    }
}
