import Foundation
import HallConfig
import HallCore
import HallDevices
import HallStore
import Hummingbird
import Logging
import Synchronization

/// `hall bench`: measures the hall on this machine with the durable store and prints the figures.
///
/// A demo hall is seeded into a temporary folder and served on loopback; the clock is set to a
/// working morning so the hall is open whatever the time.
public struct HallBenchmark: Sendable {
    public var seconds: Double
    public var clients: Int
    public var liveClients: Int
    public var liveEvents: Int
    public var duplicateClients: Int
    public var configPath: String?
    public var port: Int

    public init(
        seconds: Double = 5, clients: Int = 16, liveClients: Int = 300, liveEvents: Int = 200, duplicateClients: Int = 64,
        configPath: String? = nil, port: Int = 18_480
    ) {
        self.seconds = seconds
        self.clients = clients
        self.liveClients = liveClients
        self.liveEvents = liveEvents
        self.duplicateClients = duplicateClients
        self.configPath = configPath
        self.port = port
    }

    /// Runs every measurement and prints a line per figure to `report`.
    public func run(report: @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("hall-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        // Monday 2026-11-23 09:00 in China: the demo hall is open.
        let clock = ShiftedHallClock(startingAt: Date(timeIntervalSince1970: 1_795_395_600))
        let runtime = try await HallBootstrap.open(
            configPath: configPath, dataDir: dataDir, clock: clock, issueLimitOverride: .init(perMinute: 0, burst: 1), logger: logger)
        let hall = runtime.hall
        try await hall.tick()
        let config = await hall.configuration
        for window in config.windows { try await hall.execute(.open(window: window.number, staffID: nil)) }
        let services = config.services.map(\.id)
        let (mode, sync) = try runtime.database.durability()
        report("store: SQLite journal_mode=\(mode) synchronous=\(sync == 2 ? "FULL" : String(sync))")
        report(String(format: "memory at start: %.1f MB resident", residentMegabytes()))

        let (running, signal) = AsyncStream.makeStream(of: Int.self)
        let app = HallServer.application(runtime: runtime, host: "127.0.0.1", port: port, attachDevices: false) { signal.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            for await _ in running { break }

            // 1. Runtime latencies without load.
            var issue: [Double] = []
            var call: [Double] = []
            for i in 0..<2_000 {
                issue.append(
                    try await timed {
                        try await hall.execute(.issueTicket(serviceID: services[i % services.count], priority: .normal, secret: "B"))
                    })
            }
            for window in config.windows {
                for _ in 0..<100 {
                    call.append(try await timed { try await hall.execute(.callNext(window: window.number)) })
                    try await hall.execute(.finish(window: window.number))
                }
            }
            report("runtime issue-ticket (idle): \(Stats(issue))")
            report("runtime call-next (idle): \(Stats(call))")

            // 2. Live feed delivery to many screens.
            let live = try await LiveFeedBench(port: port, clients: liveClients, events: liveEvents).run(
                hall: hall, windows: config.windows.map(\.number), services: services)
            report("live feed, \(liveClients) clients, \(liveEvents) events: delivery \(Stats(live))")

            // 3. Tickets per second over HTTP, with call-next measured under that load.
            let counter = Box(Atomic<Int>(0))
            let failures = Box(Atomic<Int>(0))
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            let port = self.port
            let loadStart = ContinuousClock.now
            let cpuStart = cpuSeconds()
            let underLoad = try await withThrowingTaskGroup(of: [Double].self) { load in
                for c in 0..<clients {
                    load.addTask {
                        try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { client in
                            var i = c
                            while ContinuousClock.now < deadline {
                                let body = #"{"service":"\#(services[i % services.count])"}"#
                                let (status, _) = try await client.send(method: "POST", path: "/api/v1/tickets", body: body)
                                if status == 201 {
                                    counter.value.add(1, ordering: .relaxed)
                                } else {
                                    failures.value.add(1, ordering: .relaxed)
                                }
                                i += 1
                            }
                            return []
                        }
                    }
                }
                load.addTask {
                    var samples: [Double] = []
                    var w = 0
                    while ContinuousClock.now < deadline {
                        let window = config.windows[w % config.windows.count].number
                        w += 1
                        samples.append(try await timed { try await hall.execute(.callNext(window: window)) })
                        try await hall.execute(.finish(window: window))
                    }
                    return samples
                }
                var all: [Double] = []
                for try await samples in load { all += samples }
                return all
            }
            let elapsed = (ContinuousClock.now - loadStart).seconds
            let cpu = cpuSeconds() - cpuStart
            let tickets = counter.value.load(ordering: .relaxed)
            report(
                String(
                    format: "HTTP issue-ticket, %d clients: %.0f tickets/s (%d in %.1f s, %d failed)", clients, Double(tickets) / elapsed,
                    tickets, elapsed, failures.value.load(ordering: .relaxed)))
            report(
                String(
                    format:
                        "  CPU per ticket (server and load clients together, this process): %.1f µs → at most %.0f tickets/s on 2 idle cores",
                    cpu / Double(max(1, tickets)) * 1e6, 2 / (cpu / Double(max(1, tickets)))))
            report("runtime call-next under that load: \(Stats(underLoad))")
            report(String(format: "memory after load: %.1f MB resident (%d visits today)", residentMegabytes(), await hall.gauges().visits))

            // 4. Duplicate numbers under concurrency.
            let issued = Box(Mutex<[String]>([]))
            try await withThrowingTaskGroup(of: Void.self) { dup in
                for _ in 0..<duplicateClients {
                    dup.addTask {
                        try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { client in
                            for _ in 0..<20 {
                                let (status, body) = try await client.send(
                                    method: "POST", path: "/api/v1/tickets", body: #"{"service":"\#(services[0])"}"#)
                                if status == 201, let number = HallBenchmark.field("number", in: body) {
                                    issued.value.withLock { $0.append(number) }
                                }
                            }
                        }
                    }
                }
                try await dup.waitForAll()
            }
            let numbers = issued.value.withLock { $0 }
            let day = await hall.day!
            let stored = try runtime.database.issuedNumbers(day: day)
            report(
                "duplicates, \(duplicateClients) concurrent clients: \(numbers.count - Set(numbers).count) duplicate numbers among \(numbers.count) answered; \(stored.count - Set(stored).count) among \(stored.count) stored"
            )
            report(String(format: "steady memory: %.1f MB resident", residentMegabytes()))

            // 5. Printing: a ticket's values to its first byte at the transport, CJK raster included.
            let layout = URL(fileURLWithPath: "Layouts/ticket.layout")
            let printing = try PrintBenchmark.run(
                iterations: 200, layoutFile: FileManager.default.fileExists(atPath: layout.path) ? layout : nil)
            for (label, name) in [("raster58", "58 mm, no Chinese font (Chinese and QR rastered)"), ("gb18030_80", "80 mm, GB18030 font")] {
                report(
                    String(
                        format: "print ticket → transport, %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms", name,
                        printing["\(label).p50"] ?? .nan,
                        printing["\(label).p99"] ?? .nan, printing["\(label).max"] ?? .nan))
            }
            group.cancelAll()
        }
    }

    static func field(_ name: String, in json: String) -> String? {
        guard let range = json.range(of: "\"\(name)\":\"") else { return nil }
        return String(json[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Milliseconds a call took.
func timed(_ body: () async throws -> some Any) async throws -> Double {
    let start = ContinuousClock.now
    _ = try await body()
    return (ContinuousClock.now - start).seconds * 1000
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// p50 / p99 / max of samples in milliseconds.
struct Stats: CustomStringConvertible {
    let sorted: [Double]
    init(_ samples: [Double]) { sorted = samples.sorted() }
    func percentile(_ p: Double) -> Double {
        sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
    var description: String {
        String(format: "p50 %.3f ms, p99 %.3f ms, max %.3f ms (n=%d)", percentile(0.5), percentile(0.99), sorted.last ?? .nan, sorted.count)
    }
}

/// User plus system CPU seconds this process has used.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Resident memory of this process from /proc, in MB.
func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

/// Shares a synchronised value with child tasks.
final class Box<Value: ~Copyable & Sendable>: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}
