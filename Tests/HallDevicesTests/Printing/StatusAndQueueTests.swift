import Foundation
import Synchronization
import Testing

@testable import HallDevices

@Suite("Real-time status and the print queue")
struct StatusAndQueueTests {
    @Test func realtimeRepliesAreInterpretedAndShapeChecked() {
        #expect(RealtimeStatus.interpret(printer: 0x16, offlineCause: 0x12, paper: 0x12) == .ok)
        #expect(RealtimeStatus.interpret(printer: 0x1E, offlineCause: 0x16, paper: 0x12) == .coverOpen)
        #expect(RealtimeStatus.interpret(printer: 0x1E, offlineCause: 0x32, paper: 0x72) == .paperOut)
        #expect(RealtimeStatus.interpret(printer: 0x16, offlineCause: 0x12, paper: 0x1E) == .paperNearEnd)
        #expect(RealtimeStatus.interpret(printer: 0x1E, offlineCause: 0x52, paper: 0x12) == .offline)
        #expect(RealtimeStatus.interpret(printer: nil, offlineCause: 0x12, paper: 0x12) == .unknown, "no reply is not fine")
        #expect(RealtimeStatus.interpret(printer: 0x41, offlineCause: 0x12, paper: 0x12) == .unknown, "noise is not a status")
        #expect(RealtimeStatus.interpretPortStatus(0x18) == .ok)
        #expect(RealtimeStatus.interpretPortStatus(0x38) == .paperOut)
        #expect(RealtimeStatus.interpretPortStatus(0x08) == .offline)
    }

    /// A transport whose printer can be switched between states.
    final class FlakyPrinter: PrinterTransport, Sendable {
        let state = Mutex<(status: DeviceStatus, received: [String])>((.ok, []))
        var name: String { "flaky" }
        func send(_ job: PrintJob) throws {
            try state.withLock { s in
                guard s.status.canPrint else { throw TransportError(s.status, "printer is \(s.status.rawValue)") }
                s.received.append(job.id)
            }
        }
        func status() -> DeviceStatus { state.withLock { $0.status } }
        func set(_ status: DeviceStatus) { state.withLock { $0.status = status } }
        var received: [String] { state.withLock { $0.received } }
    }

    @Test func heldJobsPrintInOrderWhenThePrinterRecovers() async throws {
        let printer = FlakyPrinter()
        let events = Mutex<[PrintQueueEvent]>([])
        let queue = PrintQueue(profile: .virtual80, transport: printer) { e in events.withLock { $0.append(e) } }
        var doc = PrintDocument()
        doc.text("A001")
        #expect(try await queue.submit(doc, id: "A001") == .printed)
        printer.set(.paperOut)
        #expect(try await queue.submit(doc, id: "A002") == .held(.paperOut, reason: "printer is paperOut"))
        printer.set(.ok)
        #expect(try await queue.submit(doc, id: "A003") == .printed)
        #expect(printer.received == ["A001", "A002", "A003"], "the held job went first, then the new one")
        printer.set(.coverOpen)
        _ = try await queue.submit(doc, id: "A004")
        #expect(await queue.refreshStatus() == .coverOpen)
        #expect(await queue.pending.map(\.id) == ["A004"])
        printer.set(.ok)
        #expect(await queue.refreshStatus() == .ok)
        #expect(await queue.pending.isEmpty)
        #expect(printer.received.last == "A004")
        let log = events.withLock { $0 }
        #expect(log.contains(.held(jobID: "A002", status: .paperOut, reason: "printer is paperOut")))
        #expect(log.contains(.statusChanged(.coverOpen)))
        #expect(log.filter { if case .printed = $0 { return true } else { return false } }.count == 4)
    }

    @Test func theVirtualPrinterSpoolsBytesAndPNG() async throws {
        let dir = try TestPaths.temporaryDirectory("virtual")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout"))
        let queue = PrintQueue(profile: .virtual80, transport: VirtualPrinter(directory: dir))
        #expect(try await queue.submit(try layout.document(.sampleTicket), id: "A012") == .printed)
        let paper = SpoolKeeper.jobs(in: dir)
        #expect(paper.map(\.name) == ["A012"])
        #expect(try paper.first?.bytes() == (try EscPosEncoder(profile: .virtual80).encode(try layout.document(.sampleTicket))))
        let png = try Data(contentsOf: dir.appendingPathComponent("A012.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

}
