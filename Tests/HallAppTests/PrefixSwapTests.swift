import Foundation
import HallConfig
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// Issue 10, item 3: an administrator swaps two services' ticket prefixes in the hall-file editor
/// during the day. Every later ticket must still get a number (and a visit id) never issued that day:
/// before the fix one of the two services answered 500 (UNIQUE constraint failed: visits.id) until
/// midnight, and took other clerks' commands in the same commit down with it.
@Suite("Swapping ticket prefixes during the day")
struct PrefixSwapTests {
    @Test("after swapping A and B, both services issue new, unique numbers")
    func swapKeepsNumbersUnique() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let first = try await client.ticket("pension")
            let second = try await client.ticket("pension")
            let third = try await client.ticket("medical-insurance")
            #expect([first.number, second.number, third.number] == ["A001", "A002", "B001"])

            let admin = try await client.login("admin", "admin12345")
            var file = TestHall.demoFile
            file.configuration.services = file.configuration.services.map { service in
                var service = service
                if service.id == "pension" { service.prefix = "B" } else if service.id == "medical-insurance" { service.prefix = "A" }
                return service
            }
            let saved = try await client.execute(
                uri: "/api/v1/config/hall-file", method: .put, headers: [.cookie: admin, .contentType: "application/yaml"],
                body: ByteBuffer(string: HallFileWriter.yaml(for: file)))
            #expect(saved.status == .ok, "saving the swapped prefixes: \(String(buffer: saved.body))")

            var numbers = [first.number, second.number, third.number]
            var ids = [first.id, second.id, third.id]
            for service in ["medical-insurance", "pension", "medical-insurance", "pension"] {
                let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"\#(service)"}"#)
                #expect(r.status == .created, "ticket for \(service) after the swap: \(r.status) \(r.body)")
                numbers.append(r.body["number"] as? String ?? "")
                ids.append(r.body["visitID"] as? String ?? "")
            }
            // Medical insurance now prints A and goes on after A002; pension prints B after B001.
            #expect(numbers == ["A001", "A002", "B001", "A003", "B002", "A004", "B003"])
            #expect(Set(ids).count == ids.count)
        }
    }
}
