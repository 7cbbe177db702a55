import Foundation
import Synchronization
import Testing

@testable import HallDevices

/// Held jobs are bounded, expire, and are never dropped without a `dropped` event; the manifest lets
/// a restart tell which were lost.
@Suite("Held print jobs: bounded, expiring, never lost silently")
struct HeldJobTests {
    typealias Printer = StatusAndQueueTests.FlakyPrinter

    /// A clock the test moves, and everything the queue reported.
    final class Harness: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_795_395_600))
        let events = Mutex<[PrintQueueEvent]>([])
        func advance(minutes: Double) { time.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
        var dropped: [PrintQueueEvent] { events.withLock { $0.filter { if case .dropped = $0 { true } else { false } } } }

        func queue(_ printer: Printer, capacity: Int = 50, manifest: URL? = nil) -> PrintQueue {
            let policy = PrintHoldPolicy(
                capacity: capacity, now: { self.time.withLock { $0 } }, lifetime: { _, at in at.addingTimeInterval(5 * 60) },
                manifest: manifest)
            return PrintQueue(profile: .virtual80, transport: printer, policy: policy) { e in self.events.withLock { $0.append(e) } }
        }
    }

    static var document: PrintDocument {
        var doc = PrintDocument()
        doc.text("A001")
        return doc
    }

    @Test func onlyTheUnexpiredJobsPrintWhenPaperComesBackAndTheOthersAreReported() async throws {
        let printer = Printer()
        let h = Harness()
        let queue = h.queue(printer)
        printer.set(.paperOut)
        for id in ["A001", "A002", "A003"] {
            #expect(try await queue.submit(Self.document, id: id) == .held(.paperOut, reason: "printer is paperOut"))
            h.advance(minutes: 4)
        }
        // 12 minutes after A001, 8 after A002, 4 after A003; a ticket is worth 5.
        #expect(await queue.refreshStatus() == .paperOut)
        #expect(await queue.pending.map(\.id) == ["A003"], "the expired ones are given up even while the paper is out")
        #expect(h.dropped == [.dropped(jobID: "A001", reason: .expired), .dropped(jobID: "A002", reason: .expired)])
        printer.set(.ok)
        #expect(await queue.refreshStatus() == .ok)
        #expect(printer.received == ["A003"])
        #expect(await queue.pending.isEmpty)
        #expect(await queue.refreshStatus() == .ok)
        #expect(printer.received == ["A003"], "printed once")
    }

    @Test func aFullHoldDropsTheOldestWithTheReason() async throws {
        let printer = Printer()
        let h = Harness()
        let queue = h.queue(printer, capacity: 2)
        printer.set(.offline)
        for id in ["A001", "A002", "A003"] { _ = try await queue.submit(Self.document, id: id) }
        #expect(await queue.pending.map(\.id) == ["A002", "A003"])
        #expect(h.dropped == [.dropped(jobID: "A001", reason: .overflow)])
        printer.set(.ok)
        await queue.refreshStatus()
        #expect(printer.received == ["A002", "A003"])
    }

    /// A printer whose first job waits on the wire until the test lets it through.
    final class BusyPrinter: PrinterTransport, Sendable {
        let gate = DispatchSemaphore(value: 0)
        let started: AsyncStream<Void>
        private let startedSink: AsyncStream<Void>.Continuation
        private let received = Mutex<[String]>([])
        init() { (started, startedSink) = AsyncStream.makeStream() }
        var name: String { "busy" }
        func send(_ job: PrintJob) throws {
            if received.withLock({ $0.isEmpty }) {
                startedSink.yield()
                gate.wait()
            }
            received.withLock { $0.append(job.id) }
        }
        func status() -> DeviceStatus { .ok }
        var jobs: [String] { received.withLock { $0 } }
    }

    @Test("a printer that prints keeps every job of a burst beyond the hold's capacity, in order, each once")
    func aBurstToAPrintingPrinterIsNotDropped() async throws {
        let printer = BusyPrinter()
        let h = Harness()
        let policy = PrintHoldPolicy(capacity: 2, now: { h.time.withLock { $0 } }, lifetime: { _, at in at.addingTimeInterval(5 * 60) })
        let queue = PrintQueue(profile: .virtual80, transport: printer, policy: policy) { e in h.events.withLock { $0.append(e) } }
        #expect(await queue.refreshStatus() == .ok)
        let ids = (0..<12).map { String(format: "T%02d", $0) }
        let (outcomes, sink) = AsyncStream.makeStream(of: PrintOutcome.self)
        try await queue.enqueue(Self.document, id: ids[0]) { sink.yield($0) }
        // The first ticket is on the wire; eleven more come while it is.
        var started = printer.started.makeAsyncIterator()
        await started.next()
        for id in ids.dropFirst() { try await queue.enqueue(Self.document, id: id) { sink.yield($0) } }
        printer.gate.signal()
        var told: [PrintOutcome] = []
        for await outcome in outcomes {
            told.append(outcome)
            if told.count == ids.count { break }
        }
        #expect(told.allSatisfy { $0 == .printed })
        #expect(printer.jobs == ids)
        #expect(h.dropped.isEmpty)
    }

    @Test func theManifestListsTheHeldJobsPrivatelyAndARestartReadsItOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("held-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("kiosk-printer.json")
        let printer = Printer()
        let h = Harness()
        let queue = h.queue(printer, manifest: manifest)
        printer.set(.paperOut)
        _ = try await queue.submit(Self.document, id: "ticket-20261123-A001")
        _ = try await queue.submit(Self.document, id: "ticket-20261123-A002")
        let attributes = try FileManager.default.attributesOfItem(atPath: manifest.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let left = PrintQueue.leftovers(in: manifest)
        #expect(left.map(\.id) == ["ticket-20261123-A001", "ticket-20261123-A002"])
        #expect(left.first?.expiresAt == h.time.withLock { $0 }.addingTimeInterval(5 * 60))
        #expect(!FileManager.default.fileExists(atPath: manifest.path), "read once")
        #expect(PrintQueue.leftovers(in: manifest).isEmpty)

        printer.set(.ok)
        _ = try await queue.submit(Self.document, id: "ticket-20261123-A003")
        #expect(!FileManager.default.fileExists(atPath: manifest.path), "nothing held, no manifest")
    }
}
