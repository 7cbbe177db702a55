import Foundation
import HallConfig
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp
@testable import HallDevices

/// Set in the child process that runs ``ScanWiringTests`` alone: libsane reads its configuration
/// once per process and allows one `ScannerSystem` at a time, and the device tests in this same
/// test binary start their own.
/// True in the child process that runs this suite alone (HallDevicesTests' ChildSuiteRuns starts it):
/// one libsane per process, and the SANE test backend can freeze the process it runs in.
let scanChild = ProcessInfo.processInfo.environment["HALL_CHILD_SUITE"] == "ScanWiringTests"

@Suite("Scanning at the window, through the real libsane test backend", .serialized, .timeLimit(.minutes(2)), .enabled(if: scanChild))
struct ScanWiringTests {
    /// clerk1 at window 1 with a visit called; returns the clerk's cookie and the visit id.
    func visitAtWindow1(_ client: some TestClientProtocol) async throws -> (String, String) {
        let clerk = try await client.login("clerk1", "clerk12345", window: 1)
        try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
        let ticket = try await client.ticket("pension")
        #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .ok)
        return (clerk, ticket.id)
    }

    @Test(
        "a feeder scan becomes one PDF of the current visit, with progress on the feed; only its clerk and admins see it, every access audited"
    )
    func scanAttachAndRead() async throws {
        let t = try await TestHall()
        let feed = await t.hall.bus.subscribe()
        try await t.application().test(.router) { client in
            let (clerk, visit) = try await visitAtWindow1(client)
            let scan = try await client.json(
                .post, "/api/v1/windows/1/scan", #"{"source":"feeder","resolution":50,"mode":"gray"}"#, cookie: clerk)
            #expect(scan.status == .created, "\(scan.body)")
            let pages = try #require(scan.body["pageCount"] as? Int)
            #expect(pages > 1)
            let scanID = try #require(scan.body["id"] as? String)

            var progress = 0
            var ready = false
            for await message in feed {
                if message.entry == nil, message.json.contains(#""kind":"scanProgress""#), message.json.contains(visit) { progress += 1 }
                if case .deviceStatusChanged("window-1-scanner", "scanner", 1, let status)? = message.entry?.event {
                    ready = status == .ready
                    break
                }
            }
            #expect(progress >= pages)
            #expect(ready)

            let list = try await client.array("/api/v1/visits/\(visit)/scans", cookie: clerk)
            #expect(list.count == 1)
            let thumbnails = list.first?["thumbnails"] as? [String] ?? []
            #expect(thumbnails.count == pages)
            #expect(thumbnails.allSatisfy { $0.hasPrefix("data:image/png;base64,iVBOR") })

            let pdf = try await client.execute(uri: "/api/v1/visits/\(visit)/scans/\(scanID).pdf", method: .get, headers: [.cookie: clerk])
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-"))

            let other = try await client.login("clerk2", "clerk12345", window: 2)
            #expect(try await client.json(.get, "/api/v1/visits/\(visit)/scans", cookie: other).status == .forbidden)
            let refused = try await client.execute(
                uri: "/api/v1/visits/\(visit)/scans/\(scanID).pdf", method: .get, headers: [.cookie: other])
            #expect(refused.status == .forbidden)
            #expect(try await client.json(.get, "/api/v1/visits/\(visit)/scans").status == .unauthorized)
            let admin = try await client.login("admin", "admin12345")
            #expect(try await client.array("/api/v1/visits/\(visit)/scans", cookie: admin).count == 1)

            let audit = try t.runtime.devices.scanDesk.archive.auditEntries()
            #expect(audit.contains { $0.action == .write && $0.who == "clerk:clerk1" && $0.owner == visit })
            #expect(audit.contains { $0.action == .read && $0.who == "clerk:clerk1" && $0.scan == scanID })
            #expect(audit.contains { $0.action == .list && $0.who == "admin:admin" })
            #expect(!audit.contains { $0.who == "clerk:clerk2" })

            // The files are the owner's alone.
            let root = t.directory + "/scans"
            let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".pdf") } ?? []
            #expect(files.count == 1)
            for file in files {
                let mode = try FileManager.default.attributesOfItem(atPath: root + "/" + file)[.posixPermissions] as? Int
                #expect(mode == 0o600)
            }
        }
    }

    @Test("no scanner at the window, no visit to attach to, or a scanner that is not there: a clear refusal and a device status")
    func refusals() async throws {
        let devices = DeviceSetup(
            scanners: [ScannerSetup(window: 1, device: "test:7"), ScannerSetup(window: 2, device: "test:1")],
            saneConfigDirectory: TestHall.demoFile.devices.saneConfigDirectory)
        let t = try await TestHall(devices: devices)
        try await t.application().test(.router) { client in
            let admin = try await client.login("admin", "admin12345")
            let none = try await client.json(.post, "/api/v1/windows/3/scan", cookie: admin)
            #expect(none.body["error"] as? String == "no_scanner")
            let idle = try await client.json(.post, "/api/v1/windows/2/scan", cookie: admin)
            #expect(idle.body["error"] as? String == "no_current_visit")
            let (clerk, visit) = try await visitAtWindow1(client)
            let missing = try await client.json(.post, "/api/v1/windows/1/scan", cookie: clerk)
            #expect(missing.status == .serviceUnavailable)
            #expect(missing.body["error"] as? String == "scan_scannerNotFound")
            #expect(!(missing.body["message"] as? String ?? "").isEmpty)
            #expect(await t.hall.state.devices["window-1-scanner"]?.status == .notFound)
            #expect(try await client.array("/api/v1/visits/\(visit)/scans", cookie: clerk).isEmpty)
        }
    }

    @Test("a setting the scanner does not offer answers 400 with what it offers, not 503, and the scanner stays ready")
    func settingNotOffered() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (clerk, visit) = try await visitAtWindow1(client)
            let refused = try await client.json(
                .post, "/api/v1/windows/1/scan", #"{"source":"flatbed","resolution":50,"mode":"lineart"}"#, cookie: clerk)
            #expect(refused.status == .badRequest, "\(refused.body)")
            #expect(refused.body["error"] as? String == "scan_settingNotOffered")
            #expect((refused.body["message_en"] as? String)?.contains("offered") == true)
            #expect(await t.hall.state.devices["window-1-scanner"]?.status != .fault)
            #expect(try await client.array("/api/v1/visits/\(visit)/scans", cookie: clerk).isEmpty)
        }
    }

    @Test("scans older than the retention period are purged, younger ones kept")
    func retention() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let (clerk, visit) = try await visitAtWindow1(client)
            #expect(
                try await client.json(.post, "/api/v1/windows/1/scan", #"{"source":"flatbed","resolution":50}"#, cookie: clerk).status
                    == .created)
        }
        let desk = t.runtime.devices.scanDesk
        #expect(desk.retention == 90 * 24 * 3600)
        #expect(try desk.purge(now: t.clock.now().addingTimeInterval(89 * 24 * 3600)).isEmpty)
        #expect(try desk.purge(now: t.clock.now().addingTimeInterval(91 * 24 * 3600)).count == 1)
        #expect(try desk.archive.auditEntries().contains { $0.action == .purge && $0.who == "system:retention" })
    }
}
