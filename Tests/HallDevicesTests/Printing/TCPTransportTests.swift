import Foundation
import Glibc
import Testing

@testable import HallDevices

/// A raw-TCP printer on 127.0.0.1: captures what one connection sends, optionally answers DLE EOT.
final class LoopbackPrinter: @unchecked Sendable {
    let fd: Int32
    let port: UInt16
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)
    private(set) var received: [UInt8] = []

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 4) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { throw TransportError(.offline, "listener: \(errnoText(errno))") }
        port = UInt16(bigEndian: addr.sin_port)
    }

    /// Accepts one connection and reads it to the end; answers each DLE EOT n with `replies[n-1]`.
    func serveOne(replies: [UInt8]? = nil) {
        let t = Thread { [self] in
            let c = accept(fd, nil, nil)
            var buf = [UInt8](repeating: 0, count: 65536)
            while c >= 0 {
                let n = recv(c, &buf, buf.count, 0)
                if n <= 0 { break }
                let chunk = Array(buf[0..<n])
                received += chunk
                if let replies, chunk.count == 3, chunk[0] == 0x10, chunk[1] == 0x04 {
                    var b = replies[Int(chunk[2]) - 1]
                    _ = Glibc.send(c, &b, 1, 0)
                }
            }
            close(c)
            done.signal()
        }
        thread = t
        t.start()
    }

    func waitUntilServed() { done.wait() }

    /// False when nothing was served within `seconds` (a job that never arrived).
    func waitUntilServed(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }

    private let listening = LockedValue(true)

    /// Closes the listening socket, once: a second `close` of the same number would close whatever
    /// file a test running in parallel opened under it meanwhile.
    func stopListening() {
        let wasListening = listening.withLock { state in
            defer { state = false }
            return state
        }
        if wasListening { close(fd) }
    }

    deinit { stopListening() }
}

@Suite("TCP 9100 transport", .serialized)
struct TCPTransportTests {
    @Test func theTicketArrivesByteForByte() async throws {
        let printer = try LoopbackPrinter()
        printer.serveOne()
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout"))
        let profile = try PrinterProfile.load(from: TestPaths.printerProfiles.appendingPathComponent("rongta-rp.yaml"))
        let transport = TCPTransport(host: "127.0.0.1", port: printer.port)
        let queue = PrintQueue(profile: profile, transport: transport)
        let doc = try layout.document(.sampleTicket)
        #expect(try await queue.submit(doc, id: "A012") == .printed)
        printer.waitUntilServed()
        #expect(printer.received == (try EscPosEncoder(profile: profile).encode(doc)))
    }

    @Test func refusedConnectionHoldsTheJobUntilThePrinterIsBack() async throws {
        let printer = try LoopbackPrinter()
        let port = printer.port
        printer.stopListening()  // nothing listens on the port now
        let queue = PrintQueue(profile: .virtual80, transport: TCPTransport(host: "127.0.0.1", port: port, realtimeStatus: false))
        var doc = PrintDocument()
        doc.text("A013")
        let outcome = try await queue.submit(doc, id: "A013")
        guard case .held(.offline, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("Connection refused"))
        #expect(await queue.pending.count == 1)
    }

    @Test func statusComesFromDLEEOTAndSilenceIsUnknown() throws {
        let paperOut = try LoopbackPrinter()
        paperOut.serveOne(replies: [0x1E, 0x32, 0x72, 0x12])
        #expect(TCPTransport(host: "127.0.0.1", port: paperOut.port).status() == .paperOut)
        paperOut.waitUntilServed()
        #expect(paperOut.received == [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4])
        let silent = try LoopbackPrinter()
        silent.serveOne()
        #expect(TCPTransport(host: "127.0.0.1", port: silent.port).status() == .unknown)
        silent.waitUntilServed()
    }
}
