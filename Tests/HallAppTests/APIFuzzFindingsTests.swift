import Foundation
import HTTPTypes
import HallCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp

/// What fuzzing the API against its OpenAPI document (Tests/e2e/test_api_fuzz.py) found, each
/// pinned by an HTTP-level test that failed before its fix.
struct APIFuzzFindingsTests {
    @Test("a plain GET of the live feed (no WebSocket upgrade) answers 426 websocket_required, not an empty 200")
    func liveFeedWithoutUpgrade() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let plain = try await client.json(.get, "/api/v1/live")
            #expect(plain.status == .upgradeRequired)
            #expect(plain.body["error"] as? String == "websocket_required")
            #expect((plain.body["message"] as? String)?.contains("WebSocket") == true)
        }
    }
}
