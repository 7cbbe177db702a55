import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// The screens as the server delivers them: pages and files from the Layouts folder, staff photos,
/// spoken calls and the admin's queue figures.
@Suite("Screen routes")
struct ScreenRoutesTests {
    static let layouts = repositoryRoot.appendingPathComponent("Layouts").path

    func settings(_ t: TestHall, layouts: String = ScreenRoutesTests.layouts) -> ScreenSettings {
        ScreenSettings(
            layoutsDirectory: layouts, dataDirectory: t.directory, photosBase: repositoryRoot.appendingPathComponent("Halls").path)
    }

    func app(_ t: TestHall, layouts: String = ScreenRoutesTests.layouts) -> some ApplicationProtocol {
        HallServer.application(runtime: t.runtime, host: "127.0.0.1", port: 0, screens: settings(t, layouts: layouts))
    }

    @Test("the landing page says the hall runs, in Chinese first, and links every screen")
    func landing() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let r = try await client.execute(uri: "/", method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: r.body)
            #expect(html.contains("办事大厅服务正在运行"))
            for (path, _) in ScreenController.pages { #expect(html.contains(#"href="/\#(path)""#), "\(path)") }
        }
    }

    @Test("every page is served as HTML from Layouts/screens and loads its module")
    func pages() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for (path, script) in [
                ("/kiosk", "kiosk.js"), ("/clerk", "clerk.js"), ("/admin", "admin.js"), ("/board", "board.js"),
                ("/board/window/3", "window-board.js"), ("/board/presence", "presence.js"), ("/board/info", "info.js"),
            ] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .ok, "\(path)")
                #expect(r.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(String(buffer: r.body).contains(#"<script type="module" src="/screens/\#(script)">"#), "\(path)")
            }
            let js = try await client.execute(uri: "/screens/live.js", method: .get)
            #expect(js.status == .ok)
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(String(buffer: js.body).contains("since="))
            #expect(try await client.execute(uri: "/board/window/99", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/board/window/x", method: .get).status == .notFound)
        }
    }

    @Test("an edited page is served on the next request, without a restart")
    func editedPage() async throws {
        let t = try await TestHall()
        let layouts = t.directory + "/layouts"
        try FileManager.default.createDirectory(atPath: layouts + "/screens", withIntermediateDirectories: true)
        try "<p>第一版</p>".write(toFile: layouts + "/screens/kiosk.html", atomically: true, encoding: .utf8)
        try await app(t, layouts: layouts).test(.router) { client in
            #expect(String(buffer: try await client.execute(uri: "/kiosk", method: .get).body) == "<p>第一版</p>")
            try "<p>第二版</p>".write(toFile: layouts + "/screens/kiosk.html", atomically: true, encoding: .utf8)
            #expect(String(buffer: try await client.execute(uri: "/kiosk", method: .get).body) == "<p>第二版</p>")
            // A page missing from the layouts folder is a 404 that names it.
            let missing = try await client.execute(uri: "/board", method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("board.html"))
        }
    }

    @Test("paths that leave the layouts folder, hidden files, unknown types and links out are refused")
    func traversalRefused() async throws {
        let t = try await TestHall()
        let layouts = t.directory + "/layouts"
        let screens = layouts + "/screens"
        try FileManager.default.createDirectory(atPath: screens, withIntermediateDirectories: true)
        try "body{}".write(toFile: screens + "/ok.css", atomically: true, encoding: .utf8)
        try "secret".write(toFile: screens + "/.secret.css", atomically: true, encoding: .utf8)
        try "#!/bin/sh".write(toFile: screens + "/run.sh", atomically: true, encoding: .utf8)
        try "outside".write(toFile: layouts + "/outside.css", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: screens + "/leak.css", withDestinationPath: layouts + "/outside.css")
        try FileManager.default.createSymbolicLink(atPath: screens + "/passwd.css", withDestinationPath: "/etc/passwd")
        try await app(t, layouts: layouts).test(.router) { client in
            #expect(try await client.execute(uri: "/screens/ok.css", method: .get).status == .ok)
            for uri in [
                "/screens/..%2Foutside.css", "/screens/%2e%2e%2foutside.css", "/screens/../outside.css", "/screens/.secret.css",
                "/screens/run.sh", "/screens/leak.css", "/screens/passwd.css", "/screens/..", "/screens/%2Fetc%2Fpasswd",
                "/screens/ok.css%00.js", "/screens/..%5Coutside.css",
            ] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .notFound, "\(uri) answered \(r.status)")
                #expect(!String(buffer: r.body).contains("outside") && !String(buffer: r.body).contains("root:"), "\(uri) leaked")
            }
        }
        #expect(SafeFile.isSafeName("kiosk.css"))
        #expect(!SafeFile.isSafeName("../kiosk.css"))
        #expect(!SafeFile.isSafeName("a/b.css"))
        #expect(!SafeFile.isSafeName("kiosk"))
    }

    @Test("staff photos are served by staff id only, as the hall file names them")
    func photos() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let hall = try await client.json(.get, "/api/v1/hall")
            let staff = try #require((hall.body["staff"] as? [[String: Any]])?.first { $0["photo"] != nil })
            let id = try #require(staff["id"] as? String)
            let photo = try await client.execute(uri: "/api/v1/staff/\(id)/photo", method: .get)
            #expect(photo.status == .ok)
            #expect(photo.headers[.contentType] == "image/svg+xml")
            #expect(String(buffer: photo.body).contains("<svg"))
            #expect(try await client.execute(uri: "/api/v1/staff/nobody/photo", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/staff/..%2F..%2Fetc%2Fpasswd/photo", method: .get).status == .notFound)
        }
    }

    @Test("a call is spoken as WAV through espeak-ng's pinyin voice, cached under the data folder")
    func voice() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            // Only calls that happened are spoken: A001 is called to window 1, then recalled.
            let ticket = try await client.ticket("pension")
            #expect(ticket.number == "A001")
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            let first = try await client.execute(uri: "/api/v1/voice/calls/A001/1", method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "audio/wav")
            let bytes = Array(first.body.readableBytesView)
            #expect(bytes.count > 20_000)
            #expect(Array(bytes.prefix(4)) == Array("RIFF".utf8))
            let path = t.directory + "/voice/2026-11-23/A001-1.wav"
            #expect(FileManager.default.fileExists(atPath: path))
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            // Asked again, the cached file is served, not synthesised anew.
            let again = try await client.execute(uri: "/api/v1/voice/calls/a001/1", method: .get)
            #expect(Array(again.body.readableBytesView) == bytes)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
            try await client.json(.post, "/api/v1/windows/1/recall", cookie: clerk)
            let recall = try await client.execute(uri: "/api/v1/voice/calls/A001/1?recall=true", method: .get)
            #expect(recall.status == .ok)
            #expect(FileManager.default.fileExists(atPath: t.directory + "/voice/2026-11-23/A001-1-r.wav"))
            #expect(recall.body.readableBytes > bytes.count, "the recall says 重呼 as well")
            for bad in [
                "/api/v1/voice/calls/A01234/3", "/api/v1/voice/calls/..%2Fx/3", "/api/v1/voice/calls/I001/3", "/api/v1/voice/calls/A001/0",
                "/api/v1/voice/calls/A001/x",
            ] {
                #expect(try await client.execute(uri: bad, method: .get).status == .badRequest, "\(bad)")
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: t.directory + "/voice/2026-11-23").sorted()
            #expect(files == ["A001-1-r.wav", "A001-1.wav"], "no temporary files left: \(files)")
        }
    }

    @Test("the call text and its pinyin for the fixed vocabulary")
    func announcementText() throws {
        let call = try #require(CallAnnouncement(number: "A012", window: 3, recall: false))
        #expect(call.text == "请A012号到3号窗口办理")
        #expect(call.pinyin == "qing3 ei1 ling2 yao1 er4 hao4, dao4 san1 hao4 chuang1 kou3 ban4 li3")
        let recall = try #require(CallAnnouncement(number: "K105", window: 12, recall: true))
        #expect(recall.text == "请K105号到12号窗口办理（重呼）")
        #expect(recall.pinyin == "chong2 hu1, qing3 kai4 yao1 ling2 wu3 hao4, dao4 shi2 er4 hao4 chuang1 kou3 ban4 li3")
        #expect(CallAnnouncement.cardinal(10) == "shi2")
        #expect(CallAnnouncement.cardinal(20) == "er4 shi2")
        #expect(CallAnnouncement.cardinal(35) == "san1 shi2 wu3")
        #expect(CallAnnouncement.cardinal(105) == "yi1 bai3 ling2 wu3")
        #expect(CallAnnouncement.cardinal(110) == "yi1 bai3 yi1 shi2")
        #expect(CallAnnouncement(number: "A0/1", window: 1, recall: false) == nil)
        #expect(CallAnnouncement(number: "O001", window: 1, recall: false) == nil)
    }

    @Test("today's queue figures: administrators only, counting issued, waiting and called visits")
    func queueStats() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            _ = try await client.ticket("pension")
            _ = try await client.ticket("pension")
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            #expect(try await client.json(.get, "/api/v1/stats/queue", cookie: clerk).status == .forbidden)
            #expect(try await client.json(.get, "/api/v1/stats/queue").status == .unauthorized)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            let admin = try await client.login("admin", "admin12345")
            let r = try await client.json(.get, "/api/v1/stats/queue", cookie: admin)
            #expect(r.status == .ok)
            let total = try #require(r.body["total"] as? [String: Any])
            #expect(total["issued"] as? Int == 2)
            #expect(total["waiting"] as? Int == 1)
            #expect(total["averageWaitSeconds"] as? Int == 0)
            #expect((r.body["ticketsPerHour"] as? [String: Int])?["09"] == 2)
            let pension = (r.body["services"] as? [[String: Any]])?.first { $0["key"] as? String == "pension" }
            #expect(pension?["issued"] as? Int == 2)
        }
    }
}
