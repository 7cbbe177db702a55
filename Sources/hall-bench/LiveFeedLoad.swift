import Foundation
import HallBenchKit

/// Many screens on the live feed of a `hall serve` process, in this process (``RawScreens``): the
/// time from a clerk's call (the request sent) to each screen receiving the call's frame.
struct LiveFeedLoad {
    let port: Int
    let screens: Int

    /// Connects the screens and keeps them connected while `body` runs; `body` gets the milliseconds
    /// from each of `events` calls to each screen's frame.
    func connect<T>(_ body: (Connected) async throws -> T) async throws -> T {
        let raw = try RawScreens(port: port, count: screens)
        defer { raw.close() }
        _ = try await raw.all(.snapshot, round: 0)
        return try await body(Connected(port: port, screens: raw))
    }

    struct Connected {
        let port: Int
        let screens: RawScreens

        /// `events` calls at `window`, each after a ticket for it; milliseconds from call to frame
        /// (`frames`, one per screen and call) and from call to its answer (`answers`: the call is
        /// durable then, and its frames go out in the same instant). Each call is sent when the
        /// ticket's frame has reached every screen, so what is timed is the call alone, as a hall's
        /// screens see a call between tickets.
        func calls(_ events: Int, cookie: String, window: Int, service: String) async throws -> (frames: [Double], answers: [Double]) {
            try await RawHTTPClient.withConnection(host: "127.0.0.1", port: port) { http in
                var samples: [Double] = []
                var answers: [Double] = []
                for round in 0..<events {
                    let ticket = try await http.send(method: "POST", path: "/api/v1/tickets", body: #"{"service":"\#(service)"}"#)
                    guard ticket.status == 201 else { throw BenchError("ticket: \(ticket.status) \(ticket.body)") }
                    _ = try await screens.all(.issued, round: round)
                    let start = ContinuousClock.now
                    let (status, body) = try await http.send(
                        method: "POST", path: "/api/v1/windows/\(window)/call-next", headers: ["Cookie: \(cookie)"])
                    answers.append((ContinuousClock.now - start).milliseconds)
                    guard status == 200 else { throw BenchError("call-next: \(status) \(body)") }
                    samples += try await screens.all(.called, round: round).map { ($0 - start).milliseconds }
                    _ = try await http.send(method: "POST", path: "/api/v1/windows/\(window)/finish", headers: ["Cookie: \(cookie)"])
                    _ = try await screens.all(.finished, round: round)
                }
                return (samples, answers)
            }
        }
    }
}
