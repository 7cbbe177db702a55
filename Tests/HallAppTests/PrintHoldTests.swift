import Foundation
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import HallApp
@testable import HallDevices

/// A kiosk printer the test can run out of paper and refill.
final class PaperPrinter: PrinterTransport {
    let name = "paper:kiosk"
    private let state = Mutex<(paper: Bool, received: [String])>((true, []))

    func send(_ job: PrintJob) throws {
        try state.withLock { s in
            guard s.paper else { throw TransportError(.paperOut, "out of paper") }
            s.received.append(job.id)
        }
    }

    func status() -> DeviceStatus { state.withLock { $0.paper ? .ok : .paperOut } }
    func paper(_ loaded: Bool) { state.withLock { $0.paper = loaded } }
    var received: [String] { state.withLock { $0.received } }
}

@Suite("Held tickets expire, are journaled when dropped, and do not all print at once", .timeLimit(.minutes(3)))
struct PrintHoldTests {
    /// The hall served with `printer` at the kiosk.
    func serve(_ t: TestHall, _ printer: PaperPrinter) throws -> (app: some ApplicationProtocol, devices: DeviceHub) {
        let devices = try DeviceHub(setup: .kioskPrinter, catalog: t.runtime.devices.catalog, dataDirectory: t.directory) { _, _, _ in
            printer
        }
        var runtime = HallRuntime(
            hall: t.hall, database: t.runtime.database, clock: t.clock, issueLimit: (0, 1), logger: t.runtime.logger, devices: devices)
        // The answer says what the printer did, however loaded the machine (PrintDeadlineTests has the short deadline).
        runtime.ticketPrintDeadline = .seconds(30)
        return (HallServer.application(runtime: runtime, host: "127.0.0.1", port: 0), devices)
    }

    /// The next `count` print jobs the journal records as dropped, as (visit, reason).
    func dropped(_ feed: AsyncStream<FeedMessage>, count: Int) async -> [Dropped] {
        var found: [Dropped] = []
        while found.count < count {
            let next = await nextEvent(feed) { event -> Dropped? in
                if case .printJobDropped(let printer, _, let visit, let reason) = event {
                    return Dropped(printer: printer, visit: visit, reason: reason)
                }
                return nil
            }
            guard let next else { break }
            found.append(next)
        }
        return found
    }

    struct Dropped: Hashable {
        var printer: String
        var visit: String?
        var reason: String
    }

    @Test("paper out, 3 tickets, minutes pass, paper back: only the unexpired ticket prints, once; the others are journaled dropped")
    func paperlessMorning() async throws {
        let t = try await TestHall()
        let printer = PaperPrinter()
        let feed = await t.hall.bus.subscribe()
        printer.paper(false)
        let (app, devices) = try serve(t, printer)
        try await app.test(.router) { client in
            var ids: [String] = []
            for _ in 0..<3 {
                let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
                #expect(r.status == .created)
                #expect((r.body["print"] as? [String: Any])?["status"] as? String == "paperOut")
                ids.append(try #require(r.body["visitID"] as? String))
                t.clock.advance(by: 4 * 60)
            }
            // 09:12: the tickets of 09:00 and 09:04 are past their 5 minutes; the one of 09:08 is not.
            printer.paper(true)
            let queue = try #require(devices.printer(for: .kiosk)?.queue)
            #expect(await queue.refreshStatus() == .ok)
            #expect(printer.received == ["ticket-\(ids[2])"])
            let journaled = await dropped(feed, count: 2)
            #expect(
                Set(journaled) == [
                    Dropped(printer: "kiosk-printer", visit: ids[0], reason: "expired"),
                    Dropped(printer: "kiosk-printer", visit: ids[1], reason: "expired"),
                ])
            #expect(await queue.refreshStatus() == .ok)
            #expect(printer.received == ["ticket-\(ids[2])"], "each ticket prints once")
            // The journal keeps them: they are there after a restart.
            let entries = try t.runtime.database.entries(after: 0)
            #expect(entries.filter { if case .printJobDropped = $0.event { true } else { false } }.count == 2)
        }
    }

    @Test("a restart journals the held tickets the last run could not print")
    func restartJournalsTheLostJobs() async throws {
        let t = try await TestHall()
        let manifest = URL(fileURLWithPath: t.directory).appendingPathComponent("held-prints/kiosk-printer.json")
        try FileManager.default.createDirectory(at: manifest.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode([
            HeldJobRecord(id: "ticket-20261123-A001", expiresAt: chinaTime("08:58")),
            HeldJobRecord(id: "ticket-20261123-A002", expiresAt: chinaTime("09:03")),
        ]).write(to: manifest)
        let feed = await t.hall.bus.subscribe()
        let (app, _) = try serve(t, PaperPrinter())
        try await app.test(.router) { client in
            let journaled = await dropped(feed, count: 2)
            #expect(
                journaled == [
                    Dropped(printer: "kiosk-printer", visit: "20261123-A001", reason: "expired"),
                    Dropped(printer: "kiosk-printer", visit: "20261123-A002", reason: "restart"),
                ])
            #expect(!FileManager.default.fileExists(atPath: manifest.path))
        }
    }
}
