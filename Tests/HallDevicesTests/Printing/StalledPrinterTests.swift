import Foundation
import Glibc
import Synchronization
import Testing

@testable import HallDevices

/// A raw-TCP printer on 127.0.0.1 that has stopped taking paper: the kernel completes connections
/// into its backlog, nobody ever reads them, so a large job fills the socket buffers and the sender
/// waits. Closing it resets every connection, which ends the wait at once.
final class SilentPrinter: Sendable {
    let fd: Int32
    let port: UInt16

    init(backlog: Int32) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, backlog) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { throw TransportError(.offline, "listener: \(errnoText(errno))") }
        self.fd = fd
        self.port = UInt16(bigEndian: addr.sin_port)
    }

    private let open = LockedValue(true)

    /// Closes the listening socket, once (a second close could hit another test's file).
    func close() {
        let wasOpen = open.withLock { state in
            defer { state = false }
            return state
        }
        if wasOpen { _ = Glibc.close(fd) }
    }
}

/// Sends a job far larger than any socket buffer through a real `TCPTransport`, and says when it starts.
struct OversizedJobTransport: PrinterTransport {
    let inner: TCPTransport
    let payload: [UInt8]
    let started: AsyncStream<String>.Continuation

    var name: String { inner.name }
    func send(_ job: PrintJob) throws {
        started.yield(job.id)
        try inner.send(PrintJob(id: job.id, bytes: payload, document: job.document))
    }
    func status() -> DeviceStatus { .ok }
}

/// A printer that takes every job at once.
final class ReadyPrinter: PrinterTransport, Sendable {
    let jobs = Mutex<[String]>([])
    var name: String { "ready" }
    func send(_ job: PrintJob) throws { jobs.withLock { $0.append(job.id) } }
    func status() -> DeviceStatus { .ok }
}

@Suite("A stalled printer stalls only its own queue")
struct StalledPrinterTests {
    /// More stalled printers than Swift's cooperative pool has threads: if a transport's blocking call
    /// ran on the pool, every pool thread would wait on a stalled printer (for its write timeout) and
    /// the ready printer could not print until one gave up. The timeout is two minutes, not a
    /// printer's usual 20 s: with the whole suite on two cores, the ready printer's turn on the pool
    /// itself took over 20 s in some runs, and the stalled jobs had given up first.
    @Test func aReadyPrinterPrintsWhileOthersAreStalled() async throws {
        let stalledCount = min(ProcessInfo.processInfo.activeProcessorCount, 8) + 1
        let silent = try SilentPrinter(backlog: Int32(stalledCount))
        defer { silent.close() }
        let (started, announce) = AsyncStream.makeStream(of: String.self)
        let payload = [UInt8](repeating: 0x0A, count: 64 << 20)  // shared by every job, far beyond the socket buffers
        let finished = LockedValue(0)
        let document = PrintDocument([.text("A012", TextStyle())])
        var stalled: [Task<PrintOutcome, any Error>] = []
        var stalledQueues: [PrintQueue] = []
        for index in 0..<stalledCount {
            let transport = OversizedJobTransport(
                inner: TCPTransport(host: "127.0.0.1", port: silent.port, writeTimeoutMilliseconds: 120_000, realtimeStatus: false),
                payload: payload, started: announce)
            let queue = PrintQueue(profile: .virtual80, transport: transport)
            stalledQueues.append(queue)
            stalled.append(
                Task {
                    defer { finished.withLock { $0 += 1 } }
                    return try await queue.submit(document, id: "S\(index)")
                })
        }
        var starts = started.makeAsyncIterator()
        for _ in 0..<stalledCount { _ = await starts.next() }

        let ready = ReadyPrinter()
        let queue = PrintQueue(profile: .virtual80, transport: ready)
        #expect(try await queue.submit(document, id: "A013") == .printed)
        #expect(ready.jobs.withLock { $0 } == ["A013"])
        #expect(finished.current == 0, "the ready printer printed while every stalled printer was still sending")
        #expect(await stalledQueues[0].pending.map(\.id) == ["S0"], "a stalled queue still answers, its job kept")

        // The stalled printer resets its connections: every stalled job is held, none lost.
        silent.close()
        for task in stalled {
            guard case .held(let status, _) = try await task.value else {
                Issue.record("a job sent into a reset connection was not held")
                continue
            }
            #expect(status == .offline)
        }
    }
}
