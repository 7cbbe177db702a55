import Foundation
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import HallApp

/// The administrator edits the running hall as its hall file, and uploads staff photos.
@Suite("Admin configuration")
struct AdminConfigTests {
    func app(_ t: TestHall) -> some ApplicationProtocol {
        HallServer.application(
            runtime: t.runtime, host: "127.0.0.1", port: 0,
            screens: ScreenSettings(
                layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts").path, dataDirectory: t.directory,
                photosBase: repositoryRoot.appendingPathComponent("Halls").path))
    }

    func put(_ client: some TestClientProtocol, _ yaml: String, cookie: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let r = try await client.execute(
            uri: "/api/v1/config/hall-file", method: .put, headers: [.cookie: cookie, .contentType: "application/yaml"],
            body: ByteBuffer(string: yaml))
        return (r.status, (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any] ?? [:])
    }

    @Test("the demo hall written as YAML reads back to an equal hall file, Chinese unescaped")
    func roundTrip() throws {
        let file = TestHall.demoFile
        let yaml = HallFileWriter.yaml(for: file)
        #expect(yaml.contains("青山镇便民服务中心"))
        #expect(!yaml.contains("\\u"))
        let again = try HallFileLoader.parse(yaml: yaml)
        #expect(again == file)
        // Strings that plain YAML would misread survive too.
        var tricky = file
        tricky.configuration.staff[0].name = "true"
        tricky.configuration.staff[0].title = "a: b # c"
        tricky.configuration.staff[0].phone = "0838-6201234"
        tricky.configuration.name = LocalizedText(zh: "“青山”镇：中心", en: "- dash, \"quoted\" \\ back")
        tricky.configuration.supervisionPhone = "12345"
        #expect(try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: tricky)) == tricky)
    }

    @Test("GET gives the running hall file to administrators only; an unchanged file saves")
    func getAndSaveUnchanged() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            #expect(try await client.execute(uri: "/api/v1/config/hall-file", method: .get, headers: [.cookie: clerk]).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/config/hall-file", method: .get).status == .unauthorized)
            #expect(try await put(client, "hall: {}", cookie: clerk).0 == .forbidden)
            let admin = try await client.login("admin", "admin12345")
            let r = try await client.execute(uri: "/api/v1/config/hall-file", method: .get, headers: [.cookie: admin])
            #expect(r.status == .ok)
            let yaml = String(buffer: r.body)
            #expect(yaml.contains("password_hash:"))
            #expect(!yaml.contains("admin12345"))
            let parsed = try HallFileLoader.parse(yaml: yaml)
            #expect(parsed == (try await t.runtime.currentHallFile()))
            let (status, body) = try await put(client, yaml, cookie: admin)
            #expect(status == .ok, "\(body)")
            // Passwords kept: the admin still logs in.
            _ = try await client.login("admin", "admin12345")
        }
    }

    @Test("a file with problems is refused with 400 and the problems' lines; nothing is saved")
    func badFile() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            let yaml = HallFileWriter.yaml(for: try await t.runtime.currentHallFile())
            var lines = yaml.components(separatedBy: "\n")
            let index = try #require(lines.firstIndex(of: "    prefix: B"))
            lines[index] = "    prefix: b"
            let (status, body) = try await put(client, lines.joined(separator: "\n"), cookie: admin)
            #expect(status == .badRequest)
            #expect(body["error"] as? String == "hall_file_invalid")
            let problems = try #require(body["problems"] as? [[String: Any]])
            #expect(problems.count == 1)
            #expect(problems.first?["line"] as? Int == index + 1)
            #expect((problems.first?["message"] as? String)?.contains("capital letter") == true)
            #expect(await t.hall.configuration.service("medical-insurance")?.prefix == "B")
        }
    }

    @Test("a new service and a renamed window show at once and after a restart")
    func successfulChange() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            var file = try await t.runtime.currentHallFile()
            file.configuration.services.append(
                Service(id: "tax-advice", prefix: "T", name: LocalizedText(zh: "税务咨询", en: "Tax advice"), expectedMinutes: 7))
            file.configuration.windows[6].primaryServices.append("tax-advice")
            file.configuration.windows[1].name = LocalizedText(zh: "民政和残联窗口", en: "Civil affairs and disability")
            file.accounts.append(AccountSeed(username: "clerk8", role: .clerk, staffID: "huang-qiang", password: .plain("newclerk123")))
            let (status, body) = try await put(client, HallFileWriter.yaml(for: file), cookie: admin)
            #expect(status == .ok, "\(body)")
            #expect(body["services"] as? Int == 14)
            let services = try await client.array("/api/v1/services")
            #expect(services.contains { ($0["id"] as? String) == "tax-advice" })
            let snapshot = String(buffer: try await client.execute(uri: "/api/v1/hall", method: .get).body)
            #expect(snapshot.contains("民政和残联窗口"))
            let ticket = try await client.ticket("tax-advice")
            #expect(ticket.number == "T001")
            _ = try await client.login("clerk8", "newclerk123", window: 7)
        }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let reopened = try await HallBootstrap.open(configPath: nil, dataDir: t.directory, clock: t.clock, logger: logger)
        let configuration = await reopened.hall.configuration
        #expect(configuration.service("tax-advice")?.name.zh == "税务咨询")
        #expect(configuration.window(2)?.name.zh == "民政和残联窗口")
        #expect(try reopened.database.account("clerk8") != nil)
    }

    @Test("removing a service with visits waiting today is refused with 409")
    func refusal() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            _ = try await client.ticket("consultation")
            var file = try await t.runtime.currentHallFile()
            file.configuration.services.removeAll { $0.id == "consultation" }
            file.configuration.windows[6].primaryServices = ["proxy-service"]
            file.configuration.windows[6].backupServices = []
            let (status, body) = try await put(client, HallFileWriter.yaml(for: file), cookie: admin)
            #expect(status == .conflict)
            #expect(body["error"] as? String == "service_in_use")
            #expect((body["message"] as? String)?.contains("政策咨询与办事引导") == true)
            #expect(await t.hall.configuration.service("consultation") != nil)
            #expect(try t.runtime.database.loadConfiguration()?.service("consultation") != nil)
        }
    }

    @Test("photo upload: checked by magic bytes, served back, refused to clerks")
    func photo() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            let admin = try await client.login("admin", "admin12345")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 100)
            func upload(_ data: Data, type: String, cookie: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/staff/zhang-wei/photo", method: .post, headers: [.cookie: cookie, .contentType: type],
                    body: ByteBuffer(bytes: data))
            }
            #expect(try await upload(png, type: "image/png", cookie: clerk).status == .forbidden)
            #expect(try await upload(Data("GIF89a....".utf8), type: "image/png", cookie: admin).status == .badRequest)
            #expect(try await upload(png, type: "image/jpeg", cookie: admin).status == .badRequest)
            #expect(
                try await upload(Data(#"<svg onload="alert(1)"></svg>"#.utf8), type: "image/svg+xml", cookie: admin).status
                    == .badRequest)
            let large = try await upload(Data(count: 1_100_000), type: "image/png", cookie: admin)
            #expect(large.status == .contentTooLarge, "\(large.status) \(String(buffer: large.body))")
            let ok = try await upload(png, type: "image/png", cookie: admin)
            #expect(ok.status == .created)
            let served = try await client.execute(uri: "/api/v1/staff/zhang-wei/photo", method: .get)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "image/png")
            #expect(Data(served.body.readableBytesView) == png)
            let photo = try #require(await t.hall.configuration.staffMember("zhang-wei")?.photo)
            #expect(photo.hasPrefix("uploaded/zhang-wei-"))
            #expect(try t.runtime.database.loadConfiguration()?.staffMember("zhang-wei")?.photo == photo)
        }
    }
}
