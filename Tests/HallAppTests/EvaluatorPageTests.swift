import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp

/// The evaluator tablet page (评价器) at `/evaluator/{window}`: served for a configured window, with
/// its script; a 404 for any other.
@Suite("Evaluator page")
struct EvaluatorPageTests {
    func app(_ t: TestHall) -> some ApplicationProtocol {
        let settings = ScreenSettings(
            layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts").path, dataDirectory: t.directory,
            photosBase: repositoryRoot.appendingPathComponent("Halls").path)
        return HallServer.application(runtime: t.runtime, host: "127.0.0.1", port: 0, screens: settings)
    }

    @Test("the page is served as HTML for a known window, with its module and styles")
    func served() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for window in [1, 7] {
                let r = try await client.execute(uri: "/evaluator/\(window)", method: .get)
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: r.body)
                #expect(html.contains(#"<script type="module" src="/screens/evaluator.js">"#))
                #expect(html.contains("/screens/evaluator.css"))
            }
            // The token query is the page's business: the page is the same with it.
            #expect(try await client.execute(uri: "/evaluator/2?token=demo-evaluator-2-ay7J5KF2LwkOAzoI", method: .get).status == .ok)
            for asset in ["/screens/evaluator.js", "/screens/evaluator.css"] {
                #expect(try await client.execute(uri: asset, method: .get).status == .ok, "\(asset)")
            }
            // The levels and reasons are shared with the resident's ticket page (rating-levels.js).
            let js = String(buffer: try await client.execute(uri: "/screens/evaluator.js", method: .get).body)
            let levels = String(buffer: try await client.execute(uri: "/screens/rating-levels.js", method: .get).body)
            #expect(js.contains("from './rating-levels.js'"))
            for text in ["X-Device-Token", "谢谢您的评价"] { #expect(js.contains(text), "evaluator.js lacks \(text)") }
            for text in ["非常满意", "基本满意", "非常不满意", "等候时间过长"] {
                #expect(levels.contains(text), "rating-levels.js lacks \(text)")
            }
        }
    }

    @Test("an unknown window or a window that is not a number is a 404 with a JSON error")
    func unknownWindow() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for uri in ["/evaluator/99", "/evaluator/0", "/evaluator/-1", "/evaluator/x", "/evaluator/1.5"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .notFound, "\(uri)")
            }
            let r = try await client.execute(uri: "/evaluator/99", method: .get)
            #expect(String(buffer: r.body).contains("unknown_window"))
        }
    }
}
