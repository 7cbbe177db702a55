import Foundation

/// `hall serve` as a process of its own on a fresh data folder: the hall as shipped, measured from
/// outside (the load generators are other processes).
final class ServedHall: @unchecked Sendable {
    let process = Process()
    let dataDirectory: String
    private(set) var port = 0

    /// Starts `hall` (next to this executable) on the demo hall with `arguments` added, and waits
    /// for its ready line.
    init(hall: URL, configuration: String, arguments: [String] = []) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hall-bench-\(UUID().uuidString)").path
        process.executableURL = hall
        process.arguments =
            ["serve", "--config", configuration, "--data-dir", dataDirectory, "--port", "0", "--host", "127.0.0.1", "--log-level", "error"]
            + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var seen = Data()
        while port == 0 {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("hall serve ended before it was ready") }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: "ServiceHall ready on port ") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
        }
    }

    var pid: Int32 { process.processIdentifier }
    var residentMegabytes: Double { hall_bench.residentMegabytes(pid: pid) }

    /// Its resident memory as the figure prints it: all of it, and how much is its own data.
    var memoryText: String {
        String(
            format: "%.1f MB resident (%.1f MB its own data, the rest program and libraries)", residentMegabytes,
            hall_bench.anonymousMegabytes(pid: pid))
    }

    /// Stops the hall (SIGTERM, as systemd does) and removes its data folder.
    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
