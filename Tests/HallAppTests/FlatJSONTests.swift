import Foundation
import HallCore
import Testing

@testable import HallApp

/// The kiosk's ticket body is read without Foundation's decoder when it is plain: the same request
/// as the decoder's, and anything less plain is left to the decoder (which explains what is wrong).
@Suite("Plain ticket bodies")
struct FlatJSONTests {
    static func decoded(_ body: String) -> TicketRequest? { try? JSON.decoder.decode(TicketRequest.self, from: Data(body.utf8)) }
    static func flat(_ body: String) -> TicketRequest? {
        HallRequestDecoder.flatFields(Array(body.utf8)).flatMap(TicketRequest.init(flat:))
    }

    @Test(
        "a plain body gives the decoder's request",
        arguments: [
            #"{"service":"pension"}"#, #" { "service" : "pension" , "priority" : "elderly" } "#,
            "{\n\t\"priority\":\"urgent\",\r\n\"service\":\"a-b_c 1\"}",
            #"{"service":""}"#,
        ])
    func same(_ body: String) throws {
        let fast = try #require(Self.flat(body))
        let slow = try #require(Self.decoded(body))
        #expect(fast.service == slow.service)
        #expect(fast.priority == slow.priority)
    }

    @Test(
        "anything less plain is left to the decoder",
        arguments: [
            "", "{}", #"{"service":"pension","window":3}"#, #"{"service":"pension","note":"x"}"#, #"{"service":"养老"}"#,
            #"{"service":"pen\"sion"}"#, #"{"service":"pen\u0073ion"}"#, #"{"service":"pension","service":"homestead"}"#,
            #"{"service":"pension","priority":"vip"}"#, #"{"service":"pension","priority":null}"#, #"{"service":["pension"]}"#,
            #"{"service":"pension"} x"#, #"{"service":"pension",}"#, #"{"service":"pension""#, #"["service","pension"]"#,
            "{\"service\":\"pen\tsion\"}",
        ])
    func leftToTheDecoder(_ body: String) {
        #expect(Self.flat(body) == nil)
    }
}
