import Foundation
import HallConfig
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import HallApp
@testable import HallDevices

/// A kiosk printer whose write does not return until the test lets it: paper stuck in the slot.
final class StuckPrinter: PrinterTransport {
    let name = "stuck:kiosk"
    private let gate = DispatchSemaphore(value: 0)
    private let released = Atomic<Bool>(false)
    /// The id of every job that got through, in order.
    let sent: AsyncStream<String>
    private let sink: AsyncStream<String>.Continuation

    init() { (sent, sink) = AsyncStream.makeStream(of: String.self) }

    func send(_ job: PrintJob) throws {
        // Bounded so a failing test cannot hang the suite.
        if !released.load(ordering: .acquiring) { _ = gate.wait(timeout: .now() + 30) }
        sink.yield(job.id)
    }

    func status() -> DeviceStatus { .ok }

    func release() {
        released.store(true, ordering: .releasing)
        gate.signal()
    }
}

@Suite("The kiosk's answer never waits for paper past its deadline", .timeLimit(.minutes(3)))
struct PrintDeadlineTests {
    @Test("a printer that does not return: the answer brings the number with print pending, and the ticket prints afterwards")
    func stuckPrinter() async throws {
        let t = try await TestHall()
        let printer = StuckPrinter()
        let devices = try DeviceHub(setup: .kioskPrinter, catalog: t.runtime.devices.catalog, dataDirectory: t.directory) { _, _, _ in
            printer
        }
        var runtime = HallRuntime(
            hall: t.hall, database: t.runtime.database, clock: t.clock, issueLimit: (0, 1), logger: t.runtime.logger, devices: devices)
        runtime.ticketPrintDeadline = .milliseconds(200)
        try await HallServer.application(runtime: runtime, host: "127.0.0.1", port: 0).test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(r.status == .created)
            #expect((r.body["number"] as? String)?.hasPrefix("A") == true)
            let print = try #require(r.body["print"] as? [String: Any])
            #expect(print["status"] as? String == "pending")
            #expect(print["printed"] as? Bool == false)
            #expect(print["printer"] as? String == "kiosk-printer")
            #expect(((print["message"] as? [String: String])?["zh"] ?? "").contains("正在打印"))
            let id = try #require(r.body["visitID"] as? String)
            #expect(await t.hall.state.visits[id]?.status == .waiting)

            printer.release()
            var sent = printer.sent.makeAsyncIterator()
            #expect(await sent.next() == "ticket-\(id)")
        }
    }
}
