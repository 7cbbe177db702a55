import Foundation

/// One line of `make bench`'s table: what was measured, against which goal, and the raw SQLite
/// limit of the same run beside it where the figure rests on the journal.
struct Figure {
    var name: String
    var measured: String
    var goal: String
    /// nil: a figure reported without a goal (sizes).
    var met: Bool?
    var raw: String = ""
}

/// The figures in one table, printed when every measurement is done.
struct BenchTable {
    private(set) var figures: [Figure] = []

    mutating func add(_ figure: Figure) {
        figures.append(figure)
        FileHandle.standardError.write(Data("  measured: \(figure.name): \(figure.measured)\n".utf8))
    }

    func render() -> String {
        let header = ["figure", "measured", "goal", "met", "raw SQLite, same run"]
        let rows = figures.map { f in [f.name, f.measured, f.goal, f.met.map { $0 ? "yes" : "NO" } ?? "—", f.raw] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// p50 / p99 / max of samples in milliseconds.
struct Stats: CustomStringConvertible {
    let sorted: [Double]
    init(_ samples: [Double]) { sorted = samples.sorted() }
    func percentile(_ p: Double) -> Double {
        sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
    var p50: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var description: String {
        String(format: "p50 %.2f ms, p99 %.2f ms (n=%d)", percentile(0.5), percentile(0.99), sorted.count)
    }
}

/// Milliseconds a call took.
func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, (ContinuousClock.now - start).milliseconds)
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// Resident memory of process `pid` (default: this one) from /proc, in MB.
func residentMegabytes(pid: Int32? = nil) -> Double { statusMegabytes("VmRSS:", pid: pid) }

/// The resident memory that is the process's own data (`RssAnon`): the rest of `VmRSS` is the
/// program and its libraries mapped from disk, shared and reclaimable.
func anonymousMegabytes(pid: Int32? = nil) -> Double { statusMegabytes("RssAnon:", pid: pid) }

private func statusMegabytes(_ field: String, pid: Int32?) -> Double {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let status = try? String(contentsOfFile: path, encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

/// Bytes of every file under `path`.
func folderBytes(_ path: String) -> Int64 {
    guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total: Int64 = 0
    for case let file as String in walker {
        let attributes = try? FileManager.default.attributesOfItem(atPath: (path as NSString).appendingPathComponent(file))
        if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int64) ?? 0 }
    }
    return total
}

func mebibytes(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
