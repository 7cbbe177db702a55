import Foundation
import HallBenchKit

/// The kiosk path as shipped: `wrk` (a process of its own) posts tickets to `hall serve` while a
/// clerk calls and finishes at window 1 over HTTP, timing each call.
struct KioskLoad {
    struct Result {
        var ticketsPerSecond: Double
        var p50: Double
        var p99: Double
        var tickets: Int
        var failed: Int
        var calls: Stats
    }

    var hall: ServedHall
    var seconds: Int
    var clients: Int
    var service = "pension"

    func run() async throws -> Result {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("hall-bench-\(UUID().uuidString).lua")
        try """
        wrk.method = "POST"
        wrk.body = '{"service":"\(service)"}'
        wrk.headers["Content-Type"] = "application/json"
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let wrk = Process()
        wrk.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        wrk.arguments = [
            "-t1", "-c\(clients)", "-d\(seconds)s", "--latency", "-s", script.path, "http://127.0.0.1:\(hall.port)/api/v1/tickets",
        ]
        let output = Pipe()
        wrk.standardOutput = output
        let cookie = try await Clerk.login(port: hall.port, username: "clerk1", password: "clerk12345", window: 1)
        try wrk.run()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let calls = try await Clerk.callAndFinish(port: hall.port, cookie: cookie, window: 1, until: deadline)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        wrk.waitUntilExit()
        guard let rate = Self.number(after: "Requests/sec:", in: text) else { throw BenchError("wrk said: \(text)") }
        let total = Int(Self.number(before: " requests in", in: text) ?? 0)
        let failed = Int(Self.number(after: "Non-2xx or 3xx responses:", in: text) ?? 0)
        return Result(
            ticketsPerSecond: rate * Double(total - failed) / Double(max(1, total)), p50: Self.latency("50%", in: text) ?? .nan,
            p99: Self.latency("99%", in: text) ?? .nan, tickets: total - failed, failed: failed, calls: Stats(calls))
    }

    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." })
    }

    static func number(before label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(String(text[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
    }

    /// A percentile of wrk's latency distribution in milliseconds (`99%  5.67ms`).
    static func latency(_ label: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }) else {
            return nil
        }
        let value = line.split(separator: " ").last.map(String.init) ?? ""
        let digits = Double(value.prefix { $0.isNumber || $0 == "." }) ?? .nan
        if value.hasSuffix("us") { return digits / 1000 }
        if value.hasSuffix("ms") { return digits }
        if value.hasSuffix("s") { return digits * 1000 }
        return nil
    }
}

/// A clerk at a window, over HTTP.
enum Clerk {
    /// Logs in for `window`, opens it, and returns the session cookie.
    static func login(port: Int, username: String, password: String, window: Int) async throws -> String {
        try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
            let body = #"{"username":"\#(username)","password":"\#(password)","window":\#(window)}"#
            let answer = try await http.exchange(method: "POST", path: "/api/v1/session", body: body)
            guard answer.status == 200 || answer.status == 201, let cookie = answer.headers["set-cookie"]?.split(separator: ";").first
            else { throw BenchError("login as \(username): \(answer.status) \(answer.body)") }
            _ = try await http.send(method: "POST", path: "/api/v1/windows/\(window)/open", headers: ["Cookie: \(cookie)"])
            return String(cookie)
        }
    }

    /// Calls the next resident and finishes, again and again until `deadline`; the calls' milliseconds.
    static func callAndFinish(port: Int, cookie: String, window: Int, until deadline: ContinuousClock.Instant) async throws -> [Double] {
        try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
            var samples: [Double] = []
            while ContinuousClock.now < deadline {
                let ((status, _), ms) = try await timed {
                    try await http.send(method: "POST", path: "/api/v1/windows/\(window)/call-next", headers: ["Cookie: \(cookie)"])
                }
                if status == 200 {
                    samples.append(ms)
                    _ = try await http.send(method: "POST", path: "/api/v1/windows/\(window)/finish", headers: ["Cookie: \(cookie)"])
                } else {
                    try await Task.sleep(for: .milliseconds(5))  // nobody waiting yet: the kiosks are just starting
                }
            }
            return samples
        }
    }
}
