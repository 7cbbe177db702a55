import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// Issue 10 item 9: pages under a strict Content-Security-Policy, photos sandboxed, SVG uploads refused.
@Suite("Security headers and photos")
struct SecurityHeadersTests {
    func app(_ t: TestHall) -> some ApplicationProtocol {
        HallServer.application(
            runtime: t.runtime, host: "127.0.0.1", port: 0,
            screens: ScreenSettings(
                layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts").path, dataDirectory: t.directory,
                photosBase: repositoryRoot.appendingPathComponent("Halls").path))
    }

    static let pagePaths = ["/"] + ScreenController.pages.map { "/" + $0.0 } + ["/board/window/1", "/evaluator/1"]

    @Test("every page has a strict CSP, no referrer and no framing")
    func pageHeaders() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for path in Self.pagePaths {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .ok, "\(path)")
                let policy = r.headers[.contentSecurityPolicy] ?? ""
                let directives = Set(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
                for required in [
                    "default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                ] {
                    #expect(directives.contains(required), "\(path): \(policy)")
                }
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(path): \(policy)")
                #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(path)")
            }
        }
    }

    @Test("the pages need nothing the policy forbids: no inline script, style block or style attribute")
    func pagesFitThePolicy() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for path in Self.pagePaths {
                let html = String(buffer: try await client.execute(uri: path, method: .get).body)
                #expect(!html.contains("style="), "\(path) has a style attribute")
                #expect(!html.contains("<style"), "\(path) has a style block")
                #expect(
                    html.range(of: #"<script(?![^>]*\bsrc=)[^>]*>"#, options: .regularExpression) == nil, "\(path) has an inline script")
                #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "\(path) has an inline handler")
            }
        }
    }

    @Test("a staff photo is served sandboxed and never sniffed")
    func photoSandboxed() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/staff/zhang-wei/photo", method: .get)
            #expect(r.status == .ok)
            let policy = r.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("sandbox"), "\(policy)")
            #expect(policy.contains("default-src 'none'"))
            #expect(r.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test("an SVG upload is refused by name, even one the old filter let through; PNG still works")
    func svgRefused() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            let tricky =
                #"<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>"#
            for (body, type) in [(tricky, "image/svg+xml"), (tricky, "image/png"), ("<svg></svg>", "image/svg+xml")] {
                let r = try await client.execute(
                    uri: "/api/v1/staff/zhang-wei/photo", method: .post, headers: [.cookie: admin, .contentType: type],
                    body: ByteBuffer(string: body))
                #expect(r.status == .badRequest, "\(type)")
                let answer = (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any] ?? [:]
                #expect(answer["error"] as? String == "svg_refused", "\(type)")
                #expect((answer["message"] as? String)?.contains("PNG或JPEG") == true)
            }
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
            let ok = try await client.execute(
                uri: "/api/v1/staff/zhang-wei/photo", method: .post, headers: [.cookie: admin, .contentType: "image/png"],
                body: ByteBuffer(bytes: png))
            #expect(ok.status == .created)
        }
    }
}
