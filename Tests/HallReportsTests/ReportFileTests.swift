import Foundation
import HallApp
import HallCore
import HallReports
import Testing

/// Runs a tool (pdftotext, pdftoppm from poppler-utils) and returns its standard output.
func tool(_ name: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/\(name)")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(name) failed")
    return String(decoding: data, as: UTF8.self)
}

/// Where the rendered pages go to be looked at.
let screenshots: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/screenshots")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}()

@Suite("Report files: the PDF's text and the CSV's cells")
struct ReportFileTests {
    @Test("the monthly report's PDF names the hall and the month and carries every service's figures in Chinese")
    func monthlyPDF() async throws {
        let store = try await MonthStore()
        let report = try store.reporter.monthly(ReportMonth("2026-11")!)
        let pdf = try HallReporter.file(report.document, format: .pdf)
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        let path = screenshots + "/monthly-report-2026-11.pdf"
        try pdf.write(to: URL(fileURLWithPath: path))
        let text = try tool("pdftotext", ["-layout", path, "-"])
        #expect(text.contains("青山镇便民服务中心 办件情况月报"))
        #expect(text.contains("2026年11月"))
        #expect(text.contains("满意率") && text.contains("每日取号数"))
        let m = store.month
        for (name, tally) in [("社会保障", m.byService["social"]!), ("民政", m.byService["civil"]!), ("合计 Total", m.total)] {
            let line = try #require(text.split(separator: "\n").first { $0.contains(name) && !$0.contains("窗口") })
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            #expect(Array(numbers.prefix(4)) == [tally.issued, tally.served, tally.noShows, tally.appointments], "\(line)")
        }
        _ = try tool("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", path, screenshots + "/monthly-report-2026-11"])
    }

    @Test("the appraisal sheet's PDF lists every member of staff with the score")
    func appraisalPDF() async throws {
        let store = try await MonthStore()
        let sheet = try store.reporter.appraisal(ReportMonth("2026-11")!)
        let path = screenshots + "/appraisal-2026-11.pdf"
        try HallReporter.file(sheet.document, format: .pdf).write(to: URL(fileURLWithPath: path))
        let text = try tool("pdftotext", ["-layout", path, "-"])
        #expect(text.contains("工作人员考核表"))
        for (row, subject) in sheet.subjects.enumerated() {
            // A wide table is cut into parts; the score closes the last one.
            let line = try #require(
                text.split(separator: "\n").last { $0.contains(subject.staff.name) && $0.contains(subject.staff.department) })
            #expect(line.hasSuffix(sheet.table.rows[row].last!.display), "\(line)")
        }
        _ = try tool("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", path, screenshots + "/appraisal-2026-11"])
    }

    @Test("the CSV is UTF-8 with a BOM, one header of documented keys, and a row per service, window and total")
    func monthlyCSV() async throws {
        let store = try await MonthStore()
        let csv = try HallReporter.file(try store.reporter.monthly(ReportMonth("2026-11")!).document, format: .csv)
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 3 + 3)
        #expect(lines[0].hasPrefix("分组 kind,编号 key,名称 name,取号数 issued,办理数 served,过号数 no_shows,预约数 appointments"))
        #expect(lines[1].hasPrefix("service,social,社会保障,\(store.month.byService["social"]!.issued),"))
        #expect(lines[6].hasPrefix("window,total,合计 Total,\(store.month.total.issued),"))
        // The accountability columns close the row: complaints, then appointments (none booked in the script).
        let t = store.month.total
        #expect(
            lines[0].hasSuffix(
                "投诉数 complaints,按期答复 complaints_replied_on_time,预约登记 appointments_booked,预约签到 appointments_checked_in,预约失约 appointments_missed"
            ))
        #expect(lines[6].hasSuffix(",\(t.complaints),\(t.complaintsOnTime),0,0,0"))
        #expect(lines[0].contains("差评跟进率 bad_followed_up_rate,差评整改办结率 bad_closed_rate"))
    }
}
