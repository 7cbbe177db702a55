import Foundation
import HallConfig
import HallCore
import Testing

/// `hall.base_url`, the address the QR codes on tickets and receipts open.
@Suite struct CaseBaseURLTests {
    @Test func theBaseURLIsReadAndWrittenBack() throws {
        let text = hall(
            replacing: #"  supervision_phone: "0838-6200000""#,
            with: #"  supervision_phone: "0838-6200000"\#n  base_url: "http://192.168.1.20:8080/""#)
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        #expect(file.configuration.baseURL == "http://192.168.1.20:8080")
        let again = try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: file), file: "written.yaml")
        #expect(again.configuration.baseURL == "http://192.168.1.20:8080")
    }

    @Test func withoutABaseURLTheConfigurationHasNone() throws {
        #expect(try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml").configuration.baseURL == nil)
    }

    @Test(arguments: ["servicehall://visit", "192.168.1.20:8080", "http://", "https://hall.example/?x=1", "ftp://hall.example"])
    func aBaseURLPhonesCannotOpenIsReportedWithItsLine(url: String) {
        let text = hall(
            replacing: #"  supervision_phone: "0838-6200000""#, with: #"  supervision_phone: "0838-6200000"\#n  base_url: "\#(url)""#)
        expectProblem(problems(in: text), in: text, onLineOf: "base_url:", saying: "'base_url' in 'hall' must be the hall's address")
    }
}
