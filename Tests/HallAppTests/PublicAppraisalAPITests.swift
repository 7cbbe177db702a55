import Foundation
@testable import HallApp
import HallCore
import HallReports
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// 公布考核结果 over HTTP: `GET /api/v1/public/appraisal` answers only when the hall file publishes it,
/// with last month's figures by window equal to the appraisal sheet's, and nothing personal.
@Suite("The public appraisal route", .timeLimit(.minutes(3)))
struct PublicAppraisalAPITests {
    @Test("off by default (404); switched on in the hall file, last month by window as the sheet has it")
    func publishedOnlyWhenSwitchedOn() async throws {
        // Friday 30 October: window 1 serves two residents, one rates 满意 and one 不满意.
        let t = try await TestHall(at: chinaTime("09:00", day: "2026-10-30"))
        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            for level in ["满意", "不满意"] {
                let ticket = try await client.ticket("pension")
                #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .ok)
                t.clock.advance(by: 300)
                #expect(try await client.json(.post, "/api/v1/windows/1/finish", cookie: clerk).status == .ok)
                let rated = try await client.json(
                    .post, "/api/v1/visits/\(ticket.id)/rating", #"{"level":"\#(level)","reason":"等太久了","code":"\#(ticket.code)"}"#)
                #expect(rated.status == .created, "\(rated.body)")
            }
            // Monday 2 November: last month is October.
            t.clock.set(chinaTime("09:00", day: "2026-11-02"))
            let off = try await client.json(.get, "/api/v1/public/appraisal")
            #expect(off.status == .notFound)
            #expect(off.body["error"] as? String == "appraisal_not_published")

            let admin = try await client.login("admin", "admin12345")
            let file = try await client.execute(uri: "/api/v1/config/hall-file", method: .get, headers: [.cookie: admin])
            let yaml = String(buffer: file.body)
            #expect(!yaml.contains("publish:"))
            let published = yaml.replacingOccurrences(of: "\nappraisal:\n", with: "\nappraisal:\n  publish: true\n")
            #expect(published != yaml)
            let saved = try await client.execute(
                uri: "/api/v1/config/hall-file", method: .put, headers: [.cookie: admin, .contentType: "application/yaml"],
                body: ByteBuffer(string: published))
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            #expect(await t.hall.configuration.policy.appraisal.publish)
            // Written back, the hall file keeps the switch.
            let reread = try await client.execute(uri: "/api/v1/config/hall-file", method: .get, headers: [.cookie: admin])
            #expect(String(buffer: reread.body).contains("  publish: true\n"))

            let on = try await client.json(.get, "/api/v1/public/appraisal")
            #expect(on.status == .ok)
            try Schema.check(on.body, "PublicAppraisal")
            #expect(on.body["month"] as? String == "2026-10")
            let rows = try #require(on.body["rows"] as? [[String: Any]])
            let configuration = await t.hall.configuration
            #expect(rows.compactMap { $0["window"] as? Int } == configuration.windows.filter { $0.staffID != nil }.map(\.number).sorted())
            let sheet = try HallReporter(database: t.runtime.database, configuration: configuration).appraisal(ReportMonth("2026-10")!)
            for row in rows {
                let window = try #require(configuration.windows.first { $0.number == row["window"] as? Int })
                let subject = try #require(sheet.subjects.first { $0.staff.id == window.staffID })
                #expect(row["staffName"] as? String == subject.staff.name)
                #expect(row["served"] as? Int == subject.served.count)
                #expect(row["satisfactionRate"] as? Double == subject.satisfactionRate)
                #expect(row["onTimeRate"] as? Double == subject.cases.onTimeRate)
                #expect(row["score"] as? Double == subject.score)
            }
            // Window 1: 张伟 served both; one of two rated 满意 or better.
            let first = try #require(rows.first)
            #expect(first["staffName"] as? String == "张伟")
            #expect(first["served"] as? Int == 2)
            #expect(first["satisfactionRate"] as? Double == 0.5)
            let text = String(buffer: try await client.execute(uri: "/api/v1/public/appraisal", method: .get).body)
            #expect(!text.contains("等太久了") && !text.contains("zhang-wei") && !text.contains("phone"))
            for staff in configuration.staff { #expect(!text.contains(staff.phone)) }
        }
    }
}
