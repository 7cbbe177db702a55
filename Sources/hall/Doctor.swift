import ArgumentParser
import Foundation
import HallApp

/// `hall doctor`: one command a technician runs on site; every line in Chinese and English, with
/// what to do. Exit code 0 only when every line is OK.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check this hall PC: database, data folder, disk, devices, CUPS, fonts, voice, clock (中文 + English).")

    @Option(help: "Where the hall keeps its database. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    @Option(help: "The port the running hall listens on (its /healthz is asked).")
    var port = 8080

    func run() async throws {
        let paths = InstalledPaths.current
        var doctor = Doctor(paths: paths, dataDir: dataDir ?? paths.dataDirectory, port: port)
        print("ServiceHall 现场检查 hall doctor — \(paths.kind == .installed ? "installed" : "checkout"), data \(doctor.dataDir)")
        let findings = doctor.run()
        for finding in findings { print(finding.rendered) }
        let bad = findings.filter { $0.level != .ok }
        if bad.isEmpty {
            print("一切正常 All is well: \(findings.count) checks OK")
        } else {
            print("需要处理 \(bad.count) 项 — \(bad.count) of \(findings.count) checks need attention")
            throw ExitCode(1)
        }
    }
}

/// One line of the doctor's report.
struct Finding {
    enum Level: String { case ok = " OK ", warn = "WARN", fail = "FAIL" }
    var level: Level
    var zh: String
    var en: String
    /// What to do, when the line is not OK (may be several lines, e.g. a udev rule).
    var fix: String?

    static func ok(_ zh: String, _ en: String) -> Finding { Finding(level: .ok, zh: zh, en: en) }
    static func warn(_ zh: String, _ en: String, fix: String) -> Finding { Finding(level: .warn, zh: zh, en: en, fix: fix) }
    static func fail(_ zh: String, _ en: String, fix: String) -> Finding { Finding(level: .fail, zh: zh, en: en, fix: fix) }

    var rendered: String {
        var text = "[\(level.rawValue)] \(zh) — \(en)"
        if level != .ok, let fix {
            text += "\n       处理 What to do: " + fix.replacingOccurrences(of: "\n", with: "\n         ")
        }
        return text
    }
}
