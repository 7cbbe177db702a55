import Foundation
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp
@testable import HallDevices

extension DeviceSetup {
    /// Only a kiosk printer (the transport is the test's).
    static let kioskPrinter = DeviceSetup(printers: [
        PrinterSetup(id: "kiosk-printer", role: .kiosk, profile: "virtual", transport: .virtual)
    ])
}

/// The kiosk path as shipped (issue 14): many kiosks at once, every ticket on paper once, in order;
/// an answer that went out `pending` is followed by the printer's outcome on the live feed.
@Suite("Kiosk tickets through the printer", .timeLimit(.minutes(2)))
struct KioskPrintFlowTests {
    @Test("400 tickets from 16 kiosks at once: each printed, each once in the spool, in the order issued")
    func burst() async throws {
        let t = try await TestHall()
        var runtime = t.runtime
        // The answers wait for the paper here, so every one says what became of its ticket.
        runtime.ticketPrintDeadline = .seconds(60)
        let answers = try await HallServer.application(runtime: runtime, host: "127.0.0.1", port: 0).test(.router) { client in
            try await withThrowingTaskGroup(of: [(String, Bool)].self) { group in
                for kiosk in 0..<16 {
                    group.addTask {
                        var mine: [(String, Bool)] = []
                        for _ in 0..<25 {
                            let r = try await client.json(
                                .post, "/api/v1/tickets", #"{"service":"\#(kiosk % 2 == 0 ? "pension" : "consultation")"}"#)
                            let id = try #require(r.body["visitID"] as? String)
                            mine.append((id, (r.body["print"] as? [String: Any])?["printed"] as? Bool ?? false))
                        }
                        return mine
                    }
                }
                var all: [(String, Bool)] = []
                for try await mine in group { all += mine }
                return all
            }
        }
        #expect(answers.count == 400)
        let unprinted = answers.filter { !$0.1 }.count
        #expect(unprinted == 0, "\(unprinted) answers did not say printed")
        // The paper, in the order the printer took it: each ticket once, in the journal's order.
        let paper = SpoolKeeper.jobs(in: URL(fileURLWithPath: t.directory).appendingPathComponent("spool/kiosk-printer")).map(\.name)
        let issued = try t.runtime.database.entries(after: 0, limit: 10_000).compactMap { entry -> String? in
            if case .ticketIssued(let ticket) = entry.event { ticket.visitID } else { nil }
        }
        #expect(issued.count == 400)
        #expect(Set(issued) == Set(answers.map(\.0)))
        #expect(paper == issued.map { "ticket-\($0)" })
    }

    @Test("an answer that went out pending: the printer's outcome follows on the live feed, for the kiosk")
    func lateReportOnTheFeed() async throws {
        let t = try await TestHall()
        let printer = StuckPrinter()
        let devices = try DeviceHub(setup: .kioskPrinter, catalog: t.runtime.devices.catalog, dataDirectory: t.directory) { _, _, _ in
            printer
        }
        let runtime = HallRuntime(
            hall: t.hall, database: t.runtime.database, clock: t.clock, issueLimit: (0, 1), logger: t.runtime.logger, devices: devices)
        let feed = await t.hall.bus.subscribe(.public)
        try await HallServer.application(runtime: runtime, host: "127.0.0.1", port: 0).test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect((r.body["print"] as? [String: Any])?["status"] as? String == "pending")
            let id = try #require(r.body["visitID"] as? String)
            printer.release()
            var messages = feed.makeAsyncIterator()
            var late: [String: Any]?
            while late == nil, let message = await messages.next() {
                let object = (try? JSONSerialization.jsonObject(with: Data(message.json.utf8))) as? [String: Any]
                if object?["kind"] as? String == "ticketPrint" { late = object }
            }
            #expect(late?["visitID"] as? String == id)
            let print = try #require(late?["print"] as? [String: Any])
            #expect(print["printed"] as? Bool == true)
            #expect(print["printer"] as? String == "kiosk-printer")
        }
    }
}
