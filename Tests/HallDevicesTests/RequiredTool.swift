import Foundation
import Testing

/// A system program a test needs. When it is missing the test **fails** and names the Debian package
/// that brings it (scripts/apt-packages lists them all, and `make test` installs them), so a machine
/// without the tool can never pass by skipping.
///
/// `HALL_ALLOW_MISSING_TOOLS=1` is the one explicit opt-out: it turns the failure into a skip, for a
/// developer's quick run on a machine without the tool. `make test` and CI never set it.
struct RequiredTool: Sendable {
    var name: String
    var package: String
    /// Where it is searched, in order.
    var directories = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/lib/cups/backend"]

    static let cupsd = RequiredTool(name: "cupsd", package: "cups-daemon")
    static let lpadmin = RequiredTool(name: "lpadmin", package: "cups-client")
    static let cupsenable = RequiredTool(name: "cupsenable", package: "cups-client")
    static let cupsdisable = RequiredTool(name: "cupsdisable", package: "cups-client")
    /// The backend behind `socket://` device URIs; without it lpadmin answers "Bad device-uri scheme".
    static let socketBackend = RequiredTool(name: "socket", package: "cups")
    static let zbarimg = RequiredTool(name: "zbarimg", package: "zbar-tools")

    static let missingAllowed = ProcessInfo.processInfo.environment["HALL_ALLOW_MISSING_TOOLS"] == "1"

    /// The tool's path, or nil.
    var path: String? {
        directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    var missingMessage: String {
        "\(name) is missing: apt-get install \(package) (listed in scripts/apt-packages; `make test` installs it)"
    }

    /// The path, or a test failure that names the package.
    func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, Comment(rawValue: missingMessage), sourceLocation: sourceLocation)
    }

    /// Runs the test when every tool is there, and also when one is missing (then it fails in
    /// ``require(sourceLocation:)``), unless HALL_ALLOW_MISSING_TOOLS=1 asks for a skip.
    static func trait(_ tools: RequiredTool...) -> ConditionTrait {
        let missing = tools.filter { $0.path == nil }
        return .enabled(
            if: missing.isEmpty || !missingAllowed,
            Comment(rawValue: missing.map(\.missingMessage).joined(separator: "; ") + " (skipped: HALL_ALLOW_MISSING_TOOLS=1)"))
    }
}
