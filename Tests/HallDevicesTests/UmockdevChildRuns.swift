import Foundation
import Testing

/// The umockdev suite this process runs, if it is a child started by ``UmockdevChildRuns``.
/// umockdev allows one testbed per process, so each device suite runs alone in its own child.
let umockdevSuite = ProcessInfo.processInfo.environment["HALL_UMOCKDEV_SUITE"]

/// True when this process runs `suite` under umockdev's preload library.
func runsUnderUmockdev(_ suite: String) -> Bool {
    umockdevSuite == suite && (ProcessInfo.processInfo.environment["LD_PRELOAD"] ?? "").contains("libumockdev-preload")
}

/// Makes a plain `swift test` run the umockdev suites too: each starts this same test binary again
/// under `umockdev-wrapper`, filtered to that suite, and fails if the suite fails, is skipped, or
/// does not run all its tests.
@Suite("Device suites re-run under umockdev-wrapper", .serialized, .timeLimit(.minutes(3)))
struct UmockdevChildRuns {
    @Test(
        "each umockdev suite passes in a child process of its own",
        .enabled(if: umockdevSuite == nil, "this process is itself a umockdev child"),
        arguments: [("EvdevButtonReaderTests", 6), ("UmockdevPrinterTests", 8)])
    func suitePasses(suite: String, expectedTests: Int) throws {
        let wrapper = try #require(
            ["/usr/bin/umockdev-wrapper", "/usr/local/bin/umockdev-wrapper"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "umockdev-wrapper is missing: apt-get install umockdev (scripts/apt-packages/input.txt)"
        )
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper)
        process.arguments = [testBinary, "--testing-library", "swift-testing", "--filter", suite]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["HALL_UMOCKDEV_SUITE"] = suite
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(suite) failed under umockdev:\n\(text)")
        #expect(text.contains("Test run with \(expectedTests) test"), "unexpected run of \(suite):\n\(text)")
        #expect(!text.contains("skipped"), "\(suite) was skipped in the child:\n\(text)")
    }
}
