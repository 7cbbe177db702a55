import Foundation
import HallApp
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@Suite("The OpenAPI document")
struct OpenAPITests {
    @Test("every route the server answers is described in openapi.yaml, which the server serves")
    func everyRouteDocumented() async throws {
        let t = try await TestHall()
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/HallApp/Resources/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let routes = HallServer.router(runtime: t.runtime).routes
        #expect(routes.count > 20)
        for route in routes {
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            let documented = paths["/" + path]
            #expect(documented != nil, "\(route.method) /\(path) is not in openapi.yaml")
            #expect(documented?[route.method.rawValue.lowercased()] != nil, "\(route.method) /\(path) has no operation in openapi.yaml")
        }
        try await t.application().test(.router) { client in
            let served = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(served.status == .ok)
            #expect(String(buffer: served.body) == text)
        }
    }
}
