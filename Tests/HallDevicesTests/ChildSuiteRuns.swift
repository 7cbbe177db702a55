import Foundation
import Glibc
import Testing

/// The suite this process runs, if it is a child started by ``ChildSuiteRuns``.
let childSuite = ProcessInfo.processInfo.environment["HALL_CHILD_SUITE"]

/// True when this process is the child that runs `suite`.
func runsAsChild(_ suite: String) -> Bool { childSuite == suite }

/// True when this process runs `suite` under umockdev's preload library.
func runsUnderUmockdev(_ suite: String) -> Bool {
    runsAsChild(suite) && (ProcessInfo.processInfo.environment["LD_PRELOAD"] ?? "").contains("libumockdev-preload")
}

/// Suites that must run alone in a process of their own, re-run by a plain `swift test` in a child
/// process of this same test binary, filtered to the suite:
/// - the umockdev suites: umockdev allows one testbed per process and needs its preload library;
/// - the libsane suites: one libsane per process, and the SANE `test` backend's reader thread is
///   cancelled asynchronously (sanei_thread sets PTHREAD_CANCEL_ASYNCHRONOUS), which can leave glibc's
///   malloc lock held and freeze every thread of the process. In its own child that freezes only the
///   child: the watchdog kills it after the time limit, says so, and runs it once more; a child that
///   fails (rather than hangs) fails the test at once, and so does a second hang.
///
/// The child must pass, run exactly the expected number of tests, and skip none.
@Suite("Suites re-run in a child process of their own", .serialized)
struct ChildSuiteRuns {
    struct Child: Sendable, CustomTestStringConvertible {
        var suite: String
        var expectedTests: Int
        var underUmockdev = false
        /// What passes for the suite's own title in the child's output.
        var testDescription: String { suite }
    }

    static let children = [
        Child(suite: "EvdevButtonReaderTests", expectedTests: 6, underUmockdev: true),
        Child(suite: "UmockdevPrinterTests", expectedTests: 8, underUmockdev: true),
        Child(suite: "SaneScannerTests", expectedTests: 12),
        Child(suite: "ScanWiringTests", expectedTests: 4),
    ]

    /// Long enough for a loaded 2-core machine; a frozen child never ends by itself.
    static let watchdogSeconds = 150

    @Test(
        "each suite passes in a child process of its own", .enabled(if: childSuite == nil, "this process is itself a child"),
        arguments: children)
    func suitePasses(_ child: Child) throws {
        var run = try Self.run(child)
        if run.hung {
            print("⚠︎ \(child.suite) froze and was killed after \(Self.watchdogSeconds) s; running it once more. Its output:\n\(run.text)")
            run = try Self.run(child)
        }
        #expect(!run.hung, "\(child.suite) froze twice (killed after \(Self.watchdogSeconds) s):\n\(run.text)")
        #expect(run.status == 0, "\(child.suite) failed in its child:\n\(run.text)")
        #expect(run.text.contains("Test run with \(child.expectedTests) test"), "unexpected run of \(child.suite):\n\(run.text)")
        #expect(!run.text.contains("skipped"), "\(child.suite) was skipped in the child:\n\(run.text)")
    }

    struct Run {
        var status: Int32
        var text: String
        var hung: Bool
    }

    static func run(_ child: Child) throws -> Run {
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        var arguments = [testBinary, "--testing-library", "swift-testing", "--filter", child.suite]
        if child.underUmockdev {
            let wrapper = try RequiredTool(name: "umockdev-wrapper", package: "umockdev").require()
            process.executableURL = URL(fileURLWithPath: wrapper)
        } else {
            process.executableURL = URL(fileURLWithPath: arguments.removeFirst())
        }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["HALL_CHILD_SUITE"] = child.suite
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        // Read on a thread of its own, so a full pipe never stalls the child and the wait below can time out.
        let collected = CollectedOutput()
        let reader = Thread { collected.set(output.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        var hung = false
        if ended.wait(timeout: .now() + .seconds(watchdogSeconds)) == .timedOut {
            hung = true
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        let text = collected.wait()
        return Run(status: process.terminationStatus, text: text, hung: hung)
    }

    /// The child's output, handed from the reading thread.
    final class CollectedOutput: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        func set(_ data: Data) {
            self.data = data
            done.signal()
        }
        func wait() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
