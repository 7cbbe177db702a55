import Foundation
import HallApp
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The guide desk (咨询引导台, seed 003) over the API: `guide1` of the demo hall.
@Suite("The guide desk over the API")
struct GuideDeskAPITests {
    @Test("特事特办 is refused at the kiosk; the guide desk and an administrator grant it; a clerk may not use the guide desk")
    func specialChannel() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let kiosk = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension","priority":"urgent"}"#)
            #expect(kiosk.status == .forbidden)
            #expect(kiosk.body["error"] as? String == "urgent_at_guide_desk")
            #expect(try await client.json(.post, "/api/v1/tickets", #"{"service":"pension","priority":"elderly"}"#).status == .created)

            #expect(
                try await client.json(.post, "/api/v1/guide/tickets", #"{"service":"pension","priority":"urgent"}"#).status == .unauthorized
            )
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            let byClerk = try await client.json(
                .post, "/api/v1/guide/tickets", #"{"service":"pension","priority":"urgent"}"#, cookie: clerk)
            #expect(byClerk.status == .forbidden)
            #expect(byClerk.body["error"] as? String == "guide_only")

            let guide = try await client.login("guide1", "guide12345")
            let session = try await client.json(.get, "/api/v1/session", cookie: guide)
            #expect(session.body["role"] as? String == "guide")
            let urgent = try await client.json(.post, "/api/v1/guide/tickets", #"{"service":"pension","priority":"urgent"}"#, cookie: guide)
            #expect(urgent.status == .created, "\(urgent.body)")
            #expect(urgent.body["priority"] as? String == "urgent")
            let admin = try await client.login("admin", "admin12345")
            #expect(
                try await client.json(.post, "/api/v1/tickets", #"{"service":"pension","priority":"urgent"}"#, cookie: admin).status
                    == .created)
            let journal = try t.runtime.database.currentDayEntries().compactMap {
                if case .ticketIssued(let t) = $0.event { t } else { nil }
            }
            #expect(journal.map(\.by) == [nil, "guide1", "admin"])
        }
    }

    @Test("a consultation needs its answer or referral, and is counted; a home visit is registered, then done once")
    func records() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let guide = try await client.login("guide1", "guide12345")
            let bare = try await client.json(.post, "/api/v1/guide/consultations", #"{"question":"低保怎么申请？"}"#, cookie: guide)
            #expect(bare.body["error"] as? String == "answer_required")
            let logged = try await client.json(
                .post, "/api/v1/guide/consultations", #"{"question":"低保怎么申请？","answer":"带身份证和户口簿到5号窗口"}"#, cookie: guide)
            #expect(logged.status == .created)
            #expect(logged.body["by"] as? String == "guide1")
            try await client.json(
                .post, "/api/v1/guide/consultations", #"{"question":"护照办理","referral":"县公安局出入境大厅 0838-6200110"}"#, cookie: guide)
            let day = try await client.json(.get, "/api/v1/guide/consultations", cookie: guide)
            #expect(day.body["count"] as? Int == 2)

            let home = try await client.json(
                .post, "/api/v1/guide/home-services",
                #"{"name":"王大爷","phone":"13800000009","address":"青山村三组12号","matter":"高龄津贴认证"}"#, cookie: guide)
            #expect(home.status == .created, "\(home.body)")
            let id = try #require(home.body["id"] as? String)
            #expect(home.body["doneAt"] == nil)
            let done = try await client.json(.post, "/api/v1/guide/home-services/\(id)/done", #"{"result":"已上门认证"}"#, cookie: guide)
            #expect(done.status == .ok)
            #expect(done.body["doneBy"] as? String == "guide1")
            let again = try await client.json(.post, "/api/v1/guide/home-services/\(id)/done", #"{"result":"x"}"#, cookie: guide)
            #expect(again.body["error"] as? String == "already_done")
            #expect(try t.runtime.database.homeServices().first?.result == "已上门认证")
        }
    }

    @Test("a consultation or home visit logged right after an alert is raised is answered, not refused with 500")
    func recordsAfterAnAlert() async throws {
        let t = try await TestHall(alerts: true)
        try await t.application().test(.router) { client in
            let clerk3 = try await client.login("clerk3", "clerk12345", window: 3)
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            try await client.ticket("disability-card")
            try await client.json(.post, "/api/v1/windows/3/close", cookie: clerk3)
            t.clock.advance(by: 1)
            // No tick: the alert for the closed window is journaled with the guide's command.
            let guide = try await client.login("guide1", "guide12345")
            let logged = try await client.json(
                .post, "/api/v1/guide/consultations", #"{"question":"残疾证怎么办？","answer":"3号窗口"}"#, cookie: guide)
            #expect(logged.status == .created, "\(logged.body)")
            #expect(logged.body["by"] as? String == "guide1")
            let raised = try t.runtime.database.currentDayEntries().contains { if case .alertRaised = $0.event { true } else { false } }
            #expect(raised)
            try await client.json(.post, "/api/v1/windows/3/open", cookie: clerk3)
            try await client.json(.post, "/api/v1/windows/3/close", cookie: clerk3)
            t.clock.advance(by: 1)
            let home = try await client.json(
                .post, "/api/v1/guide/home-services",
                #"{"name":"王大爷","phone":"13800000009","address":"青山村三组12号","matter":"残疾证年审"}"#, cookie: guide)
            #expect(home.status == .created, "\(home.body)")
        }
    }
}
