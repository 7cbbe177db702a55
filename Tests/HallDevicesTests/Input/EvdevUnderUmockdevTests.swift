import Foundation
import Testing

/// Makes a plain `swift test` run the umockdev suite too: it starts this same test binary again
/// under `umockdev-wrapper` (which sets up umockdev's preload library), filtered to that suite, and
/// fails if the suite fails, is skipped, or does not run all its tests.
@Suite("evdev tests re-run under umockdev-wrapper", .timeLimit(.minutes(2)))
struct EvdevUnderUmockdevTests {
    static let suite = "EvdevButtonReaderTests"
    static let expectedTests = 6

    @Test("The umockdev suite passes in a child process", .enabled(if: !underUmockdev, "this process already runs under umockdev"))
    func umockdevSuitePasses() throws {
        let wrapper = try #require(
            ["/usr/bin/umockdev-wrapper", "/usr/local/bin/umockdev-wrapper"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "umockdev-wrapper is missing: apt-get install umockdev (scripts/apt-packages/input.txt)"
        )
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper)
        process.arguments = [testBinary, "--testing-library", "swift-testing", "--filter", Self.suite]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "umockdev suite failed:\n\(text)")
        #expect(text.contains("Test run with \(Self.expectedTests) tests"), "unexpected run:\n\(text)")
        #expect(!text.contains("skipped"), "the umockdev suite was skipped in the child:\n\(text)")
    }
}
