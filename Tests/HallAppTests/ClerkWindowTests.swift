import Foundation
import HallConfig
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// Issue 10 item 8: a clerk takes only the windows the hall file gives them, one clerk per window
/// unless they take over, and reads only the scans of the visits they served.
struct ClerkWindowTests {
    func login(_ client: some TestClientProtocol, _ username: String, window: Int, takeOver: Bool? = nil) async throws
        -> (status: HTTPResponse.Status, body: [String: Any], cookie: String?)
    {
        let extra = takeOver.map { #","takeOver":\#($0)"# } ?? ""
        let r = try await client.json(
            .post, "/api/v1/session", #"{"username":"\#(username)","password":"clerk12345","window":\#(window)\#(extra)}"#)
        return (r.status, r.body, r.headers[.setCookie].map { String($0.split(separator: ";")[0]) })
    }

    @Test("a clerk logging in to a window the hall file does not give them gets 403 with a bilingual reason, and no session")
    func otherWindowRefused() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let refused = try await login(client, "clerk1", window: 2)
            #expect(refused.status == .forbidden)
            #expect(refused.body["error"] as? String == "window_not_allowed")
            #expect((refused.body["message"] as? String)?.contains("2号窗口") == true)
            #expect((refused.body["message_en"] as? String)?.contains("window 2") == true)
            #expect(refused.cookie == nil)
            #expect(try t.runtime.database.sessionCount() == 0)
            #expect(try await login(client, "clerk1", window: 1).status == .ok)
            #expect(try await login(client, "clerk2", window: 2).status == .ok)
        }
    }

    @Test("a clerk at a held window gets 409 window_taken naming the holder; takeOver ends the holder's session there")
    func oneClerkPerWindow() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let zhang = try #require(try await login(client, "clerk1", window: 1).cookie)
            // The same clerk logging in again (another browser) is not a conflict.
            let zhangAgain = try #require(try await login(client, "clerk1", window: 1).cookie)

            let taken = try await login(client, "clerk2", window: 1)
            #expect(taken.status == .conflict)
            #expect(taken.body["error"] as? String == "window_taken")
            #expect((taken.body["message"] as? String)?.contains("张伟") == true)
            #expect((taken.body["message_en"] as? String)?.contains("clerk1") == true)
            #expect(taken.cookie == nil)
            #expect(try await client.json(.get, "/api/v1/session", cookie: zhang).status == .ok)

            let li = try await login(client, "clerk2", window: 1, takeOver: true)
            #expect(li.status == .ok, "\(li.body)")
            let liCookie = try #require(li.cookie)
            #expect(try await client.json(.get, "/api/v1/session", cookie: zhang).status == .unauthorized)
            #expect(try await client.json(.get, "/api/v1/session", cookie: zhangAgain).status == .unauthorized)
            #expect(try await client.json(.post, "/api/v1/windows/1/open", cookie: zhang).status == .unauthorized)
            #expect(try await client.json(.post, "/api/v1/windows/1/open", cookie: liCookie).status == .ok)

            // When she logs out the window is free again, no takeover needed.
            #expect(try await client.json(.delete, "/api/v1/session", cookie: liCookie).status == .noContent)
            #expect(try await login(client, "clerk1", window: 1).status == .ok)
        }
    }

    @Test("a clerk reads the scans of the visits they served, not those of another clerk at the same window; admins all")
    func scansOfOwnVisitsOnly() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let zhang = try #require(try await login(client, "clerk1", window: 1).cookie)
            #expect(try await client.json(.post, "/api/v1/windows/1/open", cookie: zhang).status == .ok)
            let ticket = try await client.ticket("pension")
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: zhang).status == .ok)
            #expect(try await client.json(.get, "/api/v1/visits/\(ticket.id)/scans", cookie: zhang).status == .ok)

            // 李娜 takes window 1 over: the visit was served there, but not by her.
            let li = try #require(try await login(client, "clerk2", window: 1, takeOver: true).cookie)
            let refused = try await client.json(.get, "/api/v1/visits/\(ticket.id)/scans", cookie: li)
            #expect(refused.status == .forbidden)
            #expect(refused.body["error"] as? String == "not_your_visit")
            let pdf = try await client.execute(
                uri: "/api/v1/visits/\(ticket.id)/scans/anything.pdf", method: .get, headers: [.cookie: li])
            #expect(pdf.status == .forbidden)

            // 张伟 takes his window back: he still reads the scans of the visit he served.
            let back = try #require(try await login(client, "clerk1", window: 1, takeOver: true).cookie)
            #expect(try await client.json(.get, "/api/v1/visits/\(ticket.id)/scans", cookie: back).status == .ok)
            let admin = try await client.login("admin", "admin12345")
            #expect(try await client.json(.get, "/api/v1/visits/\(ticket.id)/scans", cookie: admin).status == .ok)
        }
    }

    @Test("a window the administrator takes from a clerk in the hall file is refused at once, and the windows survive the edit")
    func windowsFollowTheHallFile() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let zhang = try #require(try await login(client, "clerk1", window: 1).cookie)
            let admin = try await client.login("admin", "admin12345")
            var file = try await t.runtime.currentHallFile()
            #expect(file.accounts.first { $0.username == "clerk2" }?.windows == [2, 1])
            let index = try #require(file.accounts.firstIndex { $0.username == "clerk1" })
            file.accounts[index].windows = [3]
            let saved = try await client.execute(
                uri: "/api/v1/config/hall-file", method: .put, headers: [.cookie: admin, .contentType: "application/yaml"],
                body: ByteBuffer(string: HallFileWriter.yaml(for: file)))
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            #expect(try t.runtime.database.account("clerk1")?.windows == [3])
            let refused = try await client.json(.post, "/api/v1/windows/1/open", cookie: zhang)
            #expect(refused.status == .forbidden)
            #expect(refused.body["error"] as? String == "window_not_allowed")
            #expect(try await login(client, "clerk1", window: 1).status == .forbidden)
            #expect(try await login(client, "clerk1", window: 3).status == .ok)
        }
    }
}
