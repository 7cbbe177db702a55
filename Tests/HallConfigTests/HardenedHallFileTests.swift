import Foundation
import HallConfig
import Testing

/// The hall file's `limits:` section, and the windows an account may take checked against the
/// hall's windows (issue 10).
struct HardenedHallFileTests {
    let clerkLine = "{username: zhangwei, role: clerk, staff: zhang-wei, password: clerk12345}"

    @Test func anAccountNamingAWindowTheHallDoesNotHaveIsReportedAtItsNumber() throws {
        let text = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [1, 7], staff: zhang-wei, password: clerk12345}")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        let problem = try #require(found.first)
        let lineNumber = line(of: "username: zhangwei", in: text)
        let lineText = text.components(separatedBy: "\n")[lineNumber - 1]
        // Line and column point at the 7 in [1, 7] (the line is ASCII: characters are columns).
        let column = lineText.distance(from: lineText.startIndex, to: try #require(lineText.range(of: "7]")).lowerBound) + 1
        #expect(problem.description.hasPrefix("test-hall.yaml:\(lineNumber):\(column): "))
        #expect(problem.message.contains("account 'zhangwei' may take window 7, which the hall does not have (its windows: 1, 2)"))
    }

    @Test func accountWindowsTheHallHasLoad() throws {
        let text = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [2, 1], staff: zhang-wei, password: clerk12345}")
        #expect(try HallFileLoader.parse(yaml: text, file: "test-hall.yaml").accounts.contains { $0.windows == [2, 1] })
    }

    @Test func withoutLimitsTheDefaultsApply() throws {
        let file = try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml")
        #expect(file.limits == .default)
        #expect(file.limits.printHold == HallLimits.PrintHold(jobs: 20, ticketMinutes: 5, documentMinutes: 60))
        #expect(file.limits.liveFeed == HallLimits.LiveFeed(perAddress: 16, total: 256, writeTimeoutSeconds: 30))
    }

    @Test func limitsAreReadAndWrittenBack() throws {
        let text =
            validHall + "\n"
                + """
                limits:
                  print_hold: {jobs: 5, ticket_minutes: 2}
                  live_feed: {per_address: 4, total: 40, write_timeout_seconds: 10}
                """
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        #expect(file.limits.printHold == HallLimits.PrintHold(jobs: 5, ticketMinutes: 2, documentMinutes: 60))
        #expect(file.limits.liveFeed == HallLimits.LiveFeed(perAddress: 4, total: 40, writeTimeoutSeconds: 10))
        let written = HallFileWriter.yaml(for: file)
        #expect(written.contains("limits:\n  print_hold: {jobs: 5, ticket_minutes: 2, document_minutes: 60}\n"))
        #expect(try HallFileLoader.parse(yaml: written, file: "written.yaml") == file)
    }

    @Test func badLimitsAreReportedWithTheirLine() {
        let base = validHall + "\nlimits:\n"
        expectOnlyProblem(
            in: base + "  print_hold: {jobs: 0}", onLineOf: "print_hold:", saying: "'jobs' in 'print_hold' in 'limits' must be at least 1")
        expectOnlyProblem(
            in: base + "  live_feed: {write_timeout_seconds: soon}", onLineOf: "live_feed:", saying: "must be a whole number")
        expectOnlyProblem(in: base + "  print_holds: {jobs: 3}", onLineOf: "print_holds:", saying: "did you mean 'print_hold'?")
        expectOnlyProblem(
            in: base + "  live_feed: {per_address: 50, total: 20}", onLineOf: "live_feed:",
            saying: "'per_address' in 'live_feed' (50) is more than 'total' (20)")
    }
}
