import ArgumentParser
import Foundation
import HallCounty
import HallCountyBench

/// `hall-county-bench --postgres URL`: the county database's figures (issue 13) against their goals,
/// on an empty scratch database (scripts/bench-county.sh makes one; `make bench-county`).
@main
struct HallCountyBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hall-county-bench",
        abstract: "Measure the county database: ingest rate, a simulated county year, the monthly report. Use an empty scratch database.")

    @Option(name: .customLong("postgres"), help: "The scratch database, postgres://user@host:port/database?sslmode=disable.")
    var url: String

    @Option(help: "Halls in the simulated county.")
    var halls = 20

    @Option(help: "Working days per hall (a year is about 250).")
    var days = 250

    @Option(help: "Visits per hall per working day.")
    var visits = 300

    @Flag(help: "Measure only the monthly report, on a county an earlier run of the same size filled (to profile it).")
    var reportOnly = false

    func run() async throws {
        let bench = CountyBench(target: try CountyTarget(url: url), halls: halls, days: days, visitsPerDay: visits, reportOnly: reportOnly)
        try await bench.run { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}
