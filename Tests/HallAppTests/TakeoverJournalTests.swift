import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp

/// Issue 10: a clerk taking a window over from another clerk is a journaled event naming both
/// accounts, not only a log line.
struct TakeoverJournalTests {
    func login(_ client: some TestClientProtocol, _ username: String, window: Int, takeOver: Bool = false) async throws
        -> (status: HTTPResponse.Status, cookie: String?)
    {
        let r = try await client.json(
            .post, "/api/v1/session", #"{"username":"\#(username)","password":"clerk12345","window":\#(window),"takeOver":\#(takeOver)}"#)
        return (r.status, r.headers[.setCookie].map { String($0.split(separator: ";")[0]) })
    }

    func takeovers(_ t: TestHall) throws -> [HallEvent] {
        try t.runtime.database.entries(after: 0).map(\.event).filter {
            if case .windowTakenOver = $0 { true } else { false }
        }
    }

    @Test("a takeover journals windowTakenOver with the window and both accounts; a plain login or a second browser journals none")
    func takeoverJournaled() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            #expect(try await login(client, "clerk1", window: 1).status == .ok)
            #expect(try await login(client, "clerk1", window: 1).status == .ok)
            #expect(try takeovers(t).isEmpty)

            #expect(try await login(client, "clerk2", window: 1, takeOver: true).status == .ok)
            // clerk1 had two sessions there: one takeover from one clerk.
            #expect(try takeovers(t) == [.windowTakenOver(window: 1, by: "clerk2", from: "clerk1")])
            // The journal's JSON names both accounts.
            let json = String(
                decoding: try JSONEncoder().encode(HallEvent.windowTakenOver(window: 1, by: "clerk2", from: "clerk1")), as: UTF8.self)
            #expect(json.contains(#""by":"clerk2""#) && json.contains(#""from":"clerk1""#) && json.contains(#""type":"windowTakenOver""#))
            // The takeover does not change the window itself.
            #expect(await t.hall.windowState(1)?.status == .closed)
        }
    }

    @Test("when the journal cannot be written, the takeover answers 503 and the new session does not survive")
    func takeoverNotJournaledEndsTheNewSession() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            #expect(try await login(client, "clerk1", window: 1).status == .ok)
            try t.runtime.database.failWrites()
            let refused = try await login(client, "clerk2", window: 1, takeOver: true)
            #expect(refused.status == .serviceUnavailable)
            try t.runtime.database.healWrites()
            #expect(try takeovers(t).isEmpty)
            if let cookie = refused.cookie {
                #expect(try await client.json(.get, "/api/v1/session", cookie: cookie).status == .unauthorized)
            }
        }
    }
}
