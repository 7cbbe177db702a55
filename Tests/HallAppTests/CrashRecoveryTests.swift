import Foundation
import HallApp
import HallBenchKit
import HallCore
import HallStore
import Synchronization
import Testing

/// A `hall serve` process of the binary this test run built.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    /// Starts `hall serve` on a free port and returns once it prints that it is ready.
    init(dataDir: String) throws {
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let binary = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("hall").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw ServerError.noBinary(binary) }
        process.executableURL = URL(fileURLWithPath: binary)
        process.currentDirectoryURL = repositoryRoot
        process.arguments = [
            "serve", "--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1", "--start-at", "2026-11-23T09:00:00+08:00",
            "--issue-rate-limit", "0", "--log-level", "warning",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Blocks until the ready line (or end of output if the server died).
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw ServerError.died(text) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ServiceHall ready on port ") }),
            let port = Int(line.split(separator: " ").last ?? "")
        else { throw ServerError.died(text) }
        self.port = port
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status: 0 when the server shut down cleanly.
    @discardableResult
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum ServerError: Error { case noBinary(String), died(String) }
}

/// Pulls `"name":"value"` out of a JSON text.
func jsonField(_ name: String, _ json: String) -> String? {
    guard let range = json.range(of: "\"\(name)\":\"") else { return nil }
    return String(json[range.upperBound...].prefix { $0 != "\"" })
}

@Suite("Nothing acknowledged is lost", .timeLimit(.minutes(3)))
struct CrashRecoveryTests {
    @Test("SIGKILL in the middle of a stream of tickets and ratings: every acknowledged one survives, no number is issued twice")
    func killNine() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("hall-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let server = try ServerProcess(dataDir: dataDir)
        let port = server.port

        // Visits finished at window 1, waiting for their ratings.
        let finished = try await finishVisits(port: port, count: 40)

        let tickets = Box(Mutex<[String]>([]))
        let ratings = Box(Mutex<[String: Int]>([:]))
        let stop = Box(Atomic<Bool>(false))
        // Kill once a good share of the stream has been acknowledged, from whichever client sees it.
        let killOnce: @Sendable () -> Void = {
            guard tickets.value.withLock({ $0.count }) >= 400, ratings.value.withLock({ $0.count }) >= 10,
                stop.value.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
            else { return }
            server.kill9()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    try? await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
                        var i = client
                        while !stop.value.load(ordering: .relaxed) {
                            let service = ["pension", "homestead", "consultation"][i % 3]
                            guard let r = try? await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"\#(service)"}"#)
                            else { return }
                            if r.status == 201, let number = jsonField("number", r.body) { tickets.value.withLock { $0.append(number) } }
                            killOnce()
                            i += 1
                        }
                    }
                }
            }
            group.addTask {
                try? await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
                    for (index, visit) in finished.enumerated() where !stop.value.load(ordering: .relaxed) {
                        let level = index % 5 + 1
                        let reason = level <= 2 ? #","reason":"等候太久""# : ""
                        guard
                            let r = try? await http.send(
                                method: "POST", path: "/api/v1/visits/\(visit.id)/rating",
                                body: #"{"level":\#(level),"code":"\#(visit.code)"\#(reason)}"#)
                        else { return }
                        if r.status == 201 { ratings.value.withLock { $0[visit.id] = level } }
                        killOnce()
                    }
                }
            }
            try await group.waitForAll()
        }

        let acknowledged = tickets.value.withLock { $0 }
        let rated = ratings.value.withLock { $0 }
        #expect(acknowledged.count >= 400)
        #expect(Set(acknowledged).count == acknowledged.count, "a number was acknowledged twice")

        // What the disk holds after the kill: every acknowledged ticket and rating.
        let day = LocalDate("2026-11-23")!
        do {
            let database = try HallDatabase(path: dataDir + "/hall.sqlite")
            let stored = try database.issuedNumbers(day: day)
            let lost = Set(acknowledged).subtracting(stored)
            #expect(lost.isEmpty, "\(lost.count) acknowledged tickets lost, e.g. \(lost.sorted().prefix(5))")
            #expect(Set(stored).count == stored.count)
            let storedRatings = try database.ratings(day: day)
            for (visit, level) in rated { #expect(storedRatings[visit] == level, "rating of \(visit) lost") }
        }

        // The restarted hall carries on: the waiting line is intact and numbering continues.
        let restarted = try ServerProcess(dataDir: dataDir)
        let after = try await RawHTTPClient.withConnection(host: "127.0.0.1", port: restarted.port) { http in
            var numbers: [String] = []
            for _ in 0..<30 {
                let r = try await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"pension"}"#)
                #expect(r.status == 201)
                numbers.append(jsonField("number", r.body) ?? "")
            }
            return numbers
        }
        let reissued = Set(after).intersection(acknowledged)
        #expect(reissued.isEmpty, "issued again after the restart: \(reissued.sorted().prefix(5))")
        // SIGTERM shuts the hall down cleanly.
        #expect(restarted.terminate() == 0)
        let database = try HallDatabase(path: dataDir + "/hall.sqlite")
        let all = try database.issuedNumbers(day: day)
        #expect(Set(all).count == all.count)
    }

    /// Issues `count` tickets, calls and finishes each at window 1, and returns them with their codes.
    func finishVisits(port: Int, count: Int) async throws -> [(id: String, code: String)] {
        try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
            let login = try await http.exchange(
                method: "POST", path: "/api/v1/session", body: #"{"username":"clerk1","password":"clerk12345","window":1}"#)
            let setCookie = try #require(login.headers["set-cookie"])
            let cookie = "Cookie: " + String(setCookie.split(separator: ";")[0])
            #expect(try await http.send(method: "POST", path: "/api/v1/windows/1/open", headers: [cookie]).status == 200)
            var visits: [(id: String, code: String)] = []
            for _ in 0..<count {
                let ticket = try await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"pension"}"#)
                visits.append((try #require(jsonField("visitID", ticket.body)), try #require(jsonField("ratingCode", ticket.body))))
                #expect(try await http.send(method: "POST", path: "/api/v1/windows/1/call-next", headers: [cookie]).status == 200)
                #expect(try await http.send(method: "POST", path: "/api/v1/windows/1/finish", headers: [cookie]).status == 200)
            }
            return visits
        }
    }
}

/// Shares a synchronised value with child tasks.
final class Box<Value: ~Copyable & Sendable>: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}
