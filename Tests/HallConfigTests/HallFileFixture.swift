import Foundation
import HallConfig
import Testing

/// A small hall file that loads without problems; tests break one thing in it at a time.
let validHall = """
    hall:
      name: {zh: 测试镇便民服务中心, en: Test Town Service Center}
      supervision_phone: "0838-6200000"
    schedule:
      weekly:
        mon: ["08:30-12:00", "14:00-17:30"]
        tue: ["08:30-12:00", "14:00-17:30"]
      market_days: {days_of_month: [1, 4, 7], hours: ["08:00-12:00"]}
      holidays: ["2026-10-01"]
      extra_workdays: ["2026-10-10"]
    services:
      - id: social-security
        prefix: A
        name: {zh: 社会保障, en: Social security}
        materials: [{zh: 居民身份证, en: ID card}]
        time_limit_days: 5
      - id: civil-affairs
        prefix: B
        name: {zh: 民政, en: Civil affairs}
    windows:
      - number: 1
        name: {zh: 一号窗口, en: Window 1}
        primary: [social-security]
        backup: [civil-affairs]
        staff: zhang-wei
        evaluator_token: evaluator-token-one-0001
      - number: 2
        name: {zh: 二号窗口, en: Window 2}
        primary: [civil-affairs]
        evaluator_token: evaluator-token-two-0002
    staff:
      - {id: zhang-wei, name: 张伟, department: 社会保障, title: 科员, phone: "13800000001"}
      - {id: li-na, name: 李娜, department: 民政, title: 科员, phone: "13800000002"}
    accounts:
      - {username: admin, role: admin, password: admin12345}
      - {username: zhangwei, role: clerk, staff: zhang-wei, password: clerk12345}
    """

/// `validHall` with `original` replaced by `replacement`; fails the test if `original` is not there.
func hall(replacing original: String, with replacement: String, in text: String = validHall) -> String {
    #expect(text.contains(original), "fixture has no \(original.debugDescription)")
    return text.replacingOccurrences(of: original, with: replacement)
}

/// The 1-based line on which `marker` first appears.
func line(of marker: String, in text: String) -> Int {
    let lines = text.components(separatedBy: "\n")
    guard let index = lines.firstIndex(where: { $0.contains(marker) }) else {
        Issue.record("no line contains \(marker.debugDescription)")
        return 0
    }
    return index + 1
}

/// The problems reported for `text`; records an issue when it loads without any.
func problems(in text: String, file: String = "test-hall.yaml") -> [ConfigProblem] {
    do {
        _ = try HallFileLoader.parse(yaml: text, file: file)
        Issue.record("expected problems, but the file loaded")
        return []
    } catch {
        return error.problems
    }
}

/// Expects exactly one problem, on the line containing `marker`, whose message contains `message`.
func expectOnlyProblem(
    in text: String, onLineOf marker: String, saying message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = problems(in: text)
    #expect(found.count == 1, "expected one problem, got:\n\(ConfigErrors(found))", sourceLocation: sourceLocation)
    expectProblem(found, in: text, onLineOf: marker, saying: message, sourceLocation: sourceLocation)
}

/// Expects a problem among `found` on the line containing `marker` whose message contains `message`.
func expectProblem(
    _ found: [ConfigProblem], in text: String, onLineOf marker: String, saying message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expectedLine = line(of: marker, in: text)
    let match = found.first { $0.line == expectedLine && $0.message.contains(message) }
    #expect(
        match != nil,
        "no problem on line \(expectedLine) saying \(message.debugDescription); got:\n\(ConfigErrors(found))",
        sourceLocation: sourceLocation
    )
}
