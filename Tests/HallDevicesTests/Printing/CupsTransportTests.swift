import Foundation
import Glibc
import Testing

@testable import HallDevices

/// A private cupsd on its own Unix socket in a temporary folder (never the system's CUPS).
final class PrivateCupsd: @unchecked Sendable {
    let root: URL
    let socket: String
    let process = Process()

    static let tools: [RequiredTool] = [.cupsd, .lpadmin, .cupsenable, .cupsdisable, .socketBackend]

    init() throws {
        // Every program the tests use, before anything is started: a missing one fails with its package.
        for tool in Self.tools { _ = try tool.require() }
        root = URL(fileURLWithPath: "/tmp/hall-cups-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        socket = root.appendingPathComponent("run/cups.sock").path
        let fm = FileManager.default
        for d in ["etc", "spool/tmp", "cache", "run", "log", "serverbin"] {
            try fm.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        chmod(root.path, 0o755)
        chmod(root.appendingPathComponent("spool").path, 0o1777)
        chmod(root.appendingPathComponent("spool/tmp").path, 0o1777)
        for entry in try fm.contentsOfDirectory(atPath: "/usr/lib/cups") {
            try fm.createSymbolicLink(
                atPath: root.appendingPathComponent("serverbin/\(entry)").path, withDestinationPath: "/usr/lib/cups/\(entry)")
        }
        let r = root.path
        try """
        LogLevel warn
        Listen \(socket)
        Browsing No
        BrowseLocalProtocols none
        DefaultAuthType None
        WebInterface No
        <Location />
          Order allow,deny
          Allow all
        </Location>
        <Policy default>
          <Limit All>
            Order deny,allow
          </Limit>
        </Policy>
        """.write(toFile: "\(r)/etc/cupsd.conf", atomically: true, encoding: .utf8)
        try """
        ServerRoot \(r)/etc
        RequestRoot \(r)/spool
        TempDir \(r)/spool/tmp
        CacheDir \(r)/cache
        StateDir \(r)/run
        ErrorLog \(r)/log/error_log
        AccessLog \(r)/log/access_log
        PageLog \(r)/log/page_log
        ServerBin \(r)/serverbin
        DataDir /usr/share/cups
        User lp
        Group lp
        SystemGroup root lpadmin
        Printcap
        """.write(toFile: "\(r)/etc/cups-files.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: try RequiredTool.cupsd.require())
        process.arguments = ["-f", "-c", "\(r)/etc/cupsd.conf", "-s", "\(r)/etc/cups-files.conf"]
        try process.run()
        // Ready when its socket accepts a connection (bounded: 10 s).
        let deadline = Date().addingTimeInterval(10)
        while !acceptsConnections() {
            guard Date() < deadline, process.isRunning else { throw TransportError(.offline, "private cupsd did not start") }
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
    }

    func acceptsConnections() -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { p in
            for (i, b) in socket.utf8.prefix(p.count - 1).enumerated() { p[i] = b }
        }
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }

    /// Runs a CUPS admin command (lpadmin, cupsdisable, cupsenable) against this server.
    func admin(_ tool: RequiredTool, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try tool.require())
        p.arguments = ["-h", socket] + args
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TransportError(.offline, "\(tool.name) \(args) failed: \(said)") }
    }

    deinit {
        // A throwaway server: SIGKILL our own child (cupsd -f can linger on SIGTERM while jobs finish).
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: root)
    }
}

@Suite(
    "CUPS transport against a private cupsd", .serialized, RequiredTool.trait(.cupsd, .lpadmin, .cupsenable, .cupsdisable, .socketBackend))
struct CupsTransportTests {
    @Test func aRawJobReachesThePrinterAndAStoppedQueueHoldsIt() async throws {
        let cupsd = try PrivateCupsd()
        let printer = try LoopbackPrinter()
        try cupsd.admin(.lpadmin, ["-p", "KIOSK", "-E", "-v", "socket://127.0.0.1:\(printer.port)"])
        let profile = try PrinterProfile.load(from: TestPaths.printerProfiles.appendingPathComponent("gprinter-gp58.yaml"))
        let transport = CupsTransport(queue: "KIOSK", server: cupsd.socket)
        #expect(transport.status() == .ok)
        #expect(CupsTransport(queue: "NOPE", server: cupsd.socket).status() == .unplugged, "no such queue")

        let queue = PrintQueue(profile: profile, transport: transport)
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout"))
        let doc = try layout.document(.sampleTicket)
        printer.serveOne()
        #expect(try await queue.submit(doc, id: "A012") == .printed)
        #expect(printer.waitUntilServed(seconds: 20), "the job reached the printer")
        #expect(printer.received == (try EscPosEncoder(profile: profile).encode(doc)), "raw: bytes unchanged by CUPS")

        // The queue is stopped: the job is held, the status says offline; enabled again, it prints.
        try cupsd.admin(.cupsdisable, ["KIOSK"])
        #expect(transport.status() == .offline)
        let second = try LoopbackPrinter()
        try cupsd.admin(.lpadmin, ["-p", "KIOSK", "-v", "socket://127.0.0.1:\(second.port)"])
        var next = doc
        next.elements[3] = .text("A013", .bigNumber)
        #expect(try await queue.submit(next, id: "A013") == .held(.offline, reason: "cups:KIOSK: queue is stopped"))
        try cupsd.admin(.cupsenable, ["KIOSK"])
        second.serveOne()
        #expect(await queue.refreshStatus() == .ok)
        #expect(await queue.pending.isEmpty)
        #expect(second.waitUntilServed(seconds: 20))
        #expect(second.received == (try EscPosEncoder(profile: profile).encode(next)))
    }
}
