import ArgumentParser
import Foundation
import HallApp

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the hall on this machine (durable store, HTTP, live feed, memory) and print the figures.")

    @Option(help: "Seconds of HTTP ticket load.")
    var seconds = 5.0

    @Option(help: "Concurrent HTTP clients for the ticket load.")
    var clients = 16

    @Option(help: "Live feed connections.")
    var liveClients = 300

    @Option(help: "Events sent to the live feed connections.")
    var liveEvents = 200

    @Option(help: "Concurrent clients for the duplicate-number check.")
    var duplicateClients = 64

    @Option(help: "Loopback port for the benchmark's server.")
    var port = 18_480

    func run() async throws {
        let bench = HallBenchmark(
            seconds: seconds, clients: clients, liveClients: liveClients, liveEvents: liveEvents,
            duplicateClients: duplicateClients, port: port)
        try await bench.run { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
