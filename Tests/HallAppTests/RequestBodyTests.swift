import Foundation
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

@Suite("Request bodies: typed, and every mistake answered with the reason")
struct RequestBodyTests {
    /// A POST with a raw body and content type; the JSON error body as a dictionary.
    func post(
        _ client: some TestClientProtocol, _ uri: String, _ body: String, type: String?, cookie: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var headers: HTTPFields = [:]
        if let type { headers[.contentType] = type }
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    @Test("a body that is not JSON by its Content-Type is refused with 415, in both languages, and issues nothing")
    func wrongContentType() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            for type in [
                "text/plain", "multipart/form-data; boundary=x", "application/yaml", "application/x-www-form-urlencoded",
                "application/jsonp",
                "text/json", "application/ json",
            ] {
                let r = try await post(client, "/api/v1/tickets", #"{"service":"pension"}"#, type: type)
                #expect(r.status == .unsupportedMediaType, "\(type)")
                #expect(r.body["error"] as? String == "unsupported_media_type")
                #expect((r.body["message"] as? String)?.contains("JSON") == true)
                #expect((r.body["message_en"] as? String)?.contains(type) == true)
            }
            #expect(await t.hall.state.visits.isEmpty)
        }
    }

    @Test("JSON with its own type, a charset or a +json type is read (a form type or none is not: HardeningAPITests)")
    func acceptedContentTypes() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            for type in [
                "application/json", "application/json; charset=utf-8", "application/problem+json", " Application/JSON ;charset=UTF-8",
                "\tapplication/json\t",
            ] as [String?] {
                let r = try await post(client, "/api/v1/tickets", #"{"service":"pension"}"#, type: type)
                #expect(r.status == .created, "\(type ?? "no Content-Type"): \(r.body)")
                #expect((r.body["number"] as? String)?.hasPrefix("A") == true)
            }
        }
    }

    @Test("malformed JSON, a missing field, a wrong type and an unknown value each say what is wrong")
    func badJSON() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let cases: [(String, String)] = [
                (#"{"service":"#, "not valid JSON"),
                (#"{"priority":"normal"}"#, "missing field service"),
                (#"{"service":42}"#, "wrong type at service"),
                (#"{"service":"pension","priority":"vip"}"#, "priority"),
            ]
            for (body, reason) in cases {
                let r = try await post(client, "/api/v1/tickets", body, type: "application/json")
                #expect(r.status == .badRequest, "\(body)")
                #expect(r.body["error"] as? String == "bad_body", "\(body)")
                #expect((r.body["message_en"] as? String)?.contains(reason) == true, "\(body): \(r.body)")
                #expect((r.body["message"] as? String)?.hasPrefix("请求内容有误") == true)
            }
            let cookie = try await client.login("clerk1", "clerk12345", window: 1)
            let pause = try await post(client, "/api/v1/windows/1/pause", #"{"reason":["午休"]}"#, type: "application/json", cookie: cookie)
            #expect(pause.status == .badRequest)
            #expect((pause.body["message_en"] as? String)?.contains("reason") == true)
        }
    }

    @Test("an action without options takes an empty body; a body beyond the limit is 413")
    func emptyAndTooLarge() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let cookie = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: cookie)
            let ticket = try await client.ticket("pension")
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: cookie)
            #expect(try await client.json(.post, "/api/v1/windows/1/hold", cookie: cookie).status == .ok)
            // An empty body reads as {}: resume the oldest held visit.
            let resume = try await post(client, "/api/v1/windows/1/resume", "", type: nil, cookie: cookie)
            #expect(resume.status == .ok, "\(resume.body)")
            #expect(await t.hall.state.windows[1]?.current == ticket.id)
            let huge = #"{"service":"pension","padding":""# + String(repeating: "x", count: 70 * 1024) + #""}"#
            let r = try await post(client, "/api/v1/tickets", huge, type: "application/json")
            #expect(r.status == .contentTooLarge)
            #expect(r.body["error"] as? String == "too_large")
            #expect(await t.hall.state.visits.count == 1)
        }
    }
}
