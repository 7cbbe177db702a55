import Foundation
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp

@Suite("Cases (办件) over HTTP")
struct CaseAPITests {
    /// Window 2 (subsistence allowance, 30 working days) with a visit at the window; returns the clerk's cookie.
    func serving(_ client: some TestClientProtocol, service: String = "subsistence-allowance") async throws -> String {
        let clerk = try await client.login("clerk2", "clerk12345", window: 2)
        try await client.json(.post, "/api/v1/windows/2/open", cookie: clerk)
        _ = try await client.ticket(service)
        #expect(try await client.json(.post, "/api/v1/windows/2/call-next", cookie: clerk).status == .ok)
        return clerk
    }

    @Test("accept → extension → ready (on the board) → picked up, with the case page's public data masked")
    func wholeCase() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk = try await serving(client)
            let accepted = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome",
                #"{"outcome":"accepted","applicantName":"张三丰","applicantPhone":"13800000001","workingDays":2}"#, cookie: clerk)
            #expect(accepted.status == .ok, "\(accepted.body)")
            let number = try #require(accepted.body["caseNumber"] as? String)
            #expect(number == "20261123-0001")
            let types = (accepted.body["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(types == ["visitFinished", "visitOutcome", "caseAccepted"])
            // The API's events never carry the case page's code.
            let acceptedEvent = (accepted.body["events"] as? [[String: Any]])?.last
            #expect(acceptedEvent?["code"] == nil)
            let code = try #require(await t.hall.state.cases.cases[number]?.code)
            #expect(code.count >= 20)

            let shown = try await client.json(.get, "/api/v1/cases/\(number)", cookie: clerk)
            #expect(shown.status == .ok)
            #expect(shown.body["applicantName"] as? String == "张三丰")
            #expect(shown.body["promisedDate"] as? String == "2026-11-25")
            #expect(shown.body["status"] as? String == "inProgress")

            // The resident's page and its data: masked name, no phone.
            let page = try await client.execute(uri: "/c/\(code)", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("case.js"))
            #expect(try await client.execute(uri: "/c/not-a-code", method: .get).status == .notFound)
            let publicView = try await client.json(.get, "/api/v1/public/cases/\(code)")
            #expect(publicView.status == .ok)
            #expect(publicView.body["applicant"] as? String == "张*丰")
            #expect(publicView.body["number"] as? String == number)
            let text = publicView.body.description
            #expect(!text.contains("13800000001") && !text.contains("张三丰") && !text.contains("visit"))
            #expect(publicView.headers[.cacheControl] == "no-store")
            #expect(try await client.json(.get, "/api/v1/public/cases/\(code)x").status == .notFound)

            let badDate = try await client.json(
                .post, "/api/v1/cases/\(number)/extend", #"{"reason":"需现场勘查","promisedDate":"2026-11-24"}"#, cookie: clerk)
            #expect(badDate.status == .badRequest)
            let extended = try await client.json(
                .post, "/api/v1/cases/\(number)/extend", #"{"reason":"需现场勘查","promisedDate":"2026-12-09"}"#, cookie: clerk)
            #expect(extended.status == .ok, "\(extended.body)")
            #expect((extended.body["case"] as? [String: Any])?["status"] as? String == "extended")
            let afterExtension = try await client.json(.get, "/api/v1/public/cases/\(code)")
            #expect(afterExtension.body["originalPromisedDate"] as? String == "2026-11-25")
            #expect(afterExtension.body["extensionReason"] as? String == "需现场勘查")

            #expect(try await client.json(.post, "/api/v1/cases/\(number)/picked-up", cookie: clerk).status == .conflict)
            let ready = try await client.json(.post, "/api/v1/cases/\(number)/ready", cookie: clerk)
            #expect(ready.status == .ok)
            // The hall board's public picture announces it: number and masked name only.
            let board = try await client.json(.get, "/api/v1/hall")
            let readyCases = board.body["readyCases"] as? [[String: Any]]
            #expect(readyCases?.first?["number"] as? String == number)
            #expect(readyCases?.first?["applicant"] as? String == "张*丰")
            #expect((try await client.json(.get, "/api/v1/public/cases/\(code)")).body["status"] as? String == "ready")

            let picked = try await client.json(.post, "/api/v1/cases/\(number)/picked-up", cookie: clerk)
            #expect(picked.status == .ok)
            #expect((picked.body["case"] as? [String: Any])?["status"] as? String == "pickedUp")
            #expect(((try await client.json(.get, "/api/v1/hall")).body["readyCases"] as? [Any])?.isEmpty == true)
            #expect((try await client.json(.get, "/api/v1/public/cases/\(code)")).body["status"] as? String == "pickedUp")
        }
    }

    @Test("a case closed more than 30 days ago leaves the hall's memory, and its page, the console and the lists still show it")
    func closedCasesLeaveTheBook() async throws {
        let t = try await TestHall(at: chinaTime("09:00", day: "2026-11-23"))
        try await t.application().test(.router) { client in
            let clerk = try await serving(client)
            let closed = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome", #"{"outcome":"accepted","workingDays":2}"#, cookie: clerk)
            let number = try #require(closed.body["caseNumber"] as? String)
            let code = try #require(await t.hall.state.cases.cases[number]?.code)
            #expect(try await client.json(.post, "/api/v1/cases/\(number)/ready", cookie: clerk).status == .ok)
            #expect(try await client.json(.post, "/api/v1/cases/\(number)/picked-up", cookie: clerk).status == .ok)
            // Another case of the same day stays open.
            _ = try await client.ticket("subsistence-allowance")
            #expect(try await client.json(.post, "/api/v1/windows/2/call-next", cookie: clerk).status == .ok)
            let open = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome", #"{"outcome":"accepted","workingDays":60}"#, cookie: clerk)
            let openNumber = try #require(open.body["caseNumber"] as? String)

            // 31 days on, a new day starts with the first ticket.
            t.clock.set(chinaTime("09:00", day: "2026-12-24"))
            _ = try await client.ticket("pension")
            let book = await t.hall.state.cases
            #expect(book.cases[number] == nil, "a case picked up 31 days ago is still in memory")
            #expect(book.cases[openNumber] != nil, "an open case left the book")

            let admin = try await client.login("admin", "admin12345")
            let shown = try await client.json(.get, "/api/v1/cases/\(number)", cookie: admin)
            #expect(shown.status == .ok)
            #expect(shown.body["status"] as? String == "pickedUp")
            #expect((try await client.json(.get, "/api/v1/public/cases/\(code)")).body["status"] as? String == "pickedUp")
            #expect(try await client.execute(uri: "/c/\(code)", method: .get).status == .ok)
            let all = try await client.json(.get, "/api/v1/cases?status=all", cookie: admin)
            #expect(((all.body["cases"] as? [[String: Any]]) ?? []).compactMap { $0["number"] as? String } == [openNumber, number])
            // Acting on it says it is closed, not unknown.
            let again = try await client.json(.post, "/api/v1/cases/\(number)/ready", cookie: admin)
            #expect(again.status == .conflict)
            #expect(again.body["error"] as? String == "case_closed", "\(again.body)")
        }
        // A restart loads the open case and not the one closed long ago.
        let reopened = try Hall(database: t.runtime.database, clock: t.clock)
        #expect(await reopened.state.cases.cases.keys.sorted() == ["20261123-0002"])
    }

    @Test("an open case is overdue from the day after its promise, across the weekend, and survives a restart")
    func overdueList() async throws {
        let t = try await TestHall(at: chinaTime("09:00", day: "2026-11-27"))  // a Friday
        try await t.application().test(.router) { client in
            let clerk = try await serving(client)
            let accepted = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome", #"{"outcome":"accepted","workingDays":1}"#, cookie: clerk)
            let number = try #require(accepted.body["caseNumber"] as? String)
            // One working day from Friday 11-27: Saturday 11-28 and Sunday 11-29 do not count.
            #expect((try await client.json(.get, "/api/v1/cases/\(number)", cookie: clerk)).body["promisedDate"] as? String == "2026-11-30")
            t.clock.set(chinaTime("09:00", day: "2026-11-30"))
            let admin = try await client.login("admin", "admin12345")
            #expect((try await client.json(.get, "/api/v1/cases?status=overdue", cookie: admin)).body["overdueCount"] as? Int == 0)
            t.clock.set(chinaTime("09:00", day: "2026-12-01"))
            let admin2 = try await client.login("admin", "admin12345")
            let overdue = try await client.json(.get, "/api/v1/cases?status=overdue", cookie: admin2)
            #expect(overdue.body["overdueCount"] as? Int == 1)
            #expect(((overdue.body["cases"] as? [[String: Any]])?.first)?["status"] as? String == "overdue")
            #expect(try await client.json(.get, "/api/v1/cases?status=bogus", cookie: admin2).status == .badRequest)
            #expect(try await client.json(.get, "/api/v1/cases?status=overdue").status == .unauthorized)
            #expect(try await client.json(.post, "/api/v1/cases/\(number)/ready").status == .unauthorized)
            #expect(try await client.json(.post, "/api/v1/cases/20261127-9999/ready", cookie: admin2).status == .notFound)
        }
        // A hall opened again on the same database rebuilds the case from its projection on a later day.
        let reopened = try Hall(database: t.runtime.database, clock: t.clock)
        #expect(await reopened.state.cases.overdue(on: LocalDate("2026-12-01")!).map(\.number) == ["20261127-0001"])
    }

    @Test("a referral finishes the visit with the department and prints nothing at a window without a printer")
    func referral() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk = try await serving(client)
            let missing = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome", #"{"outcome":"referred","department":"县自然资源局"}"#, cookie: clerk)
            #expect(missing.status == .badRequest)
            let referred = try await client.json(
                .post, "/api/v1/windows/2/finish-with-outcome",
                #"{"outcome":"referred","department":"县自然资源局","phone":"0838-6209999","address":"县城人民路1号"}"#, cookie: clerk)
            #expect(referred.status == .ok, "\(referred.body)")
            #expect(referred.body["document"] as? String == "referralNotice")
            let outcome = (referred.body["events"] as? [[String: Any]])?.first { $0["type"] as? String == "visitOutcome" }
            #expect(outcome?["outcome"] as? String == "referred")
            #expect(outcome?["department"] as? String == "县自然资源局")
            #expect(outcome?["by"] as? String == "li-na")
            // Window 2 has a printer in the demo hall: the notice printed and was journaled.
            #expect((referred.body["print"] as? [String: Any])?["printed"] as? Bool == true)
            let unknown = try await client.json(.post, "/api/v1/windows/2/finish-with-outcome", #"{"outcome":"maybe"}"#, cookie: clerk)
            #expect(unknown.status == .badRequest)
        }
    }

    @Test("masking keeps the first and last character of a name and the ends of a phone number")
    func masking() {
        #expect(Masked.name("张三丰") == "张*丰")
        #expect(Masked.name("李娜") == "李*")
        #expect(Masked.name("欧阳明月") == "欧**月")
        #expect(Masked.phone("13800000001") == "138****0001")
    }
}
