import Foundation
import HallApp
import HallCore
import HallCountyBench
import HallReports
import HallStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import HallCounty

/// The county's monthly report of a hall is the hall's own: the same code over what it forwarded.
@Suite("The county's monthly report equals the hall's", .timeLimit(.minutes(5)))
struct CountyReportTests {
    static func configuration() -> HallConfiguration {
        CountyDayGenerator.configuration(name: LocalizedText(zh: "东村镇便民服务中心", en: "Dongcun service hall"), department: "社保")
    }

    @Test(
        "Every figure of every month, by service and by window, as `hall report month` gives it: CSV and PDF; the county report adds the halls up"
    )
    func sameAsTheHall() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("county-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = Self.configuration()
        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        try await CountySchema.migrate(connection, logger: server.logger)
        var partitions = Set<String>()
        // Two halls, dongcun (its data folder is `folder`, for `hall report month`) and xicun.
        var databases: [HallDatabase] = []
        for (hall, seed) in [("dongcun", UInt64(7)), ("xicun", UInt64(8))] {
            let path = hall == "dongcun" ? folder : folder + "/" + hall
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let database = try HallDatabase(path: path + "/hall.sqlite")
            try database.saveConfiguration(configuration)
            // 45 working days from 2025-01-06: January, February and part of March, cases crossing months.
            var generator = CountyDayGenerator(seed: seed, visitsPerDay: 60)
            var journal: [JournalEntry] = []
            for day in 0..<45 { journal += generator.day(CountyDayGenerator.workingDay(day)) }
            try await database.append(journal)
            databases.append(database)

            let ingest = CountyIngest(hallID: hall, logger: server.logger)
            var profile: CountyHallProfile? = CountyRedaction.profile(configuration)
            let references = try CountyReferences.hall(database)
            #expect(try CountyReferences.hall(database).reference("complaint", "K1") == references.reference("complaint", "K1"), "kept")
            for start in stride(from: 0, to: journal.count, by: 500) {
                let batch = journal[start..<min(start + 500, journal.count)].map { CountyRedaction.record($0, references: references) }
                try await ingest.commit(batch, profile: profile, on: connection, knownPartitions: &partitions)
                profile = nil
            }
        }
        let database = databases[0]
        try await connection.close()

        let client = PostgresClient(configuration: try CountyTarget(url: server.url).clientConfiguration(), backgroundLogger: server.logger)
        let queries = CountyQueries(client: client, logger: server.logger)
        let hall = HallReporter(database: database, configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            for text in ["2025-01", "2025-02", "2025-03"] {
                let month = try #require(ReportMonth(text))
                let own = try hall.monthly(month)
                let county = try #require(try await queries.hallMonthlyReport(hall: "dongcun", month: month))
                #expect(county.byService == own.byService, "by service, \(text)")
                #expect(county.byWindow == own.byWindow, "by window, \(text)")
                #expect(county.daily == own.daily)
                let csv = try HallReporter.file(county.document, format: .csv)
                #expect(
                    String(decoding: csv, as: UTF8.self)
                        == String(decoding: try HallReporter.file(own.document, format: .csv), as: UTF8.self))
                #expect(try HallReporter.file(county.document, format: .pdf).count > 1_000)
                // The month has something in EVERY column to compare (visits, outcomes, cases, waits,
                // satisfaction, bad ratings and their follow-ups, complaints, appointments), in the
                // hall's total and in the county's, so a column the county got wrong cannot hide as
                // zero against zero.
                for (who, report) in [("hall", own), ("county", county)] {
                    let total = try #require(report.byService.rows.last)
                    for (column, value) in zip(report.byService.columns, total).dropFirst(2) {
                        #expect(
                            ![.count(0), .rate(nil), .rate(0), .minutes(nil)].contains(value),
                            "\(column.key) is empty at the \(who), \(text)")
                    }
                }
                #expect(own.byService.columns.map(\.key) == county.byService.columns.map(\.key))
                #expect(
                    own.byService.columns.count == 2
                        + MonthlyReport.groups(waitTargetMinutes: 15, month: month, utcOffsetMinutes: 480).flatMap(\.columns).count)
            }
            // The county's report: each hall's row is the total of that hall's own report, the
            // county's total adds them up (counts) and equals the county by service's total.
            for text in ["2025-01", "2025-02", "2025-03"] {
                let month = try #require(ReportMonth(text))
                let county = try await queries.countyReport(month: month)
                let own = try databases.map { try HallReporter(database: $0, configuration: configuration).monthly(month) }
                #expect(county.byHall.columns == own[0].byService.columns)
                #expect(county.byHall.rows.map { $0[0] } == [.text("dongcun"), .text("xicun"), .text("total")])
                for (i, report) in own.enumerated() {
                    #expect(
                        Array(county.byHall.rows[i].dropFirst(2)) == Array(try #require(report.byService.rows.last).dropFirst(2)),
                        "\(i) \(text)")
                }
                let total = try #require(county.byHall.rows.last)
                for (c, value) in total.enumerated().dropFirst(2) {
                    if case .count(let n) = value {
                        let sum = own.reduce(0) { sum, report in
                            if case .count(let k) = report.byService.rows.last![c] { return sum + k }
                            return sum
                        }
                        #expect(n == sum, "\(county.byHall.columns[c].key) total, \(text)")
                    } else {
                        #expect(value != .rate(nil) && value != .minutes(nil), "\(county.byHall.columns[c].key) total, \(text)")
                    }
                }
                #expect(county.byService.rows.last == total)
                #expect(county.byService.rows.dropLast().map { $0[0] } == ["social", "civil", "land", "tax", "medical"].map { .text($0) })
                let document = county.document
                #expect(try HallReporter.file(document, format: .pdf).count > 1_000)
                #expect(
                    String(decoding: try HallReporter.file(document, format: .csv), as: UTF8.self).split(separator: "\r\n").count == 1 + 3
                        + 6)
            }
            #expect(try await queries.hallMonthlyReport(hall: "nosuchhall", month: ReportMonth("2025-01")!) == nil)
            group.cancelAll()
        }

        // The county's page asks the server for it: the same CSV, and a PDF.
        let pageClient = PostgresClient(
            configuration: try CountyTarget(url: server.url).clientConfiguration(), backgroundLogger: server.logger)
        let app = CountyServer.application(
            client: pageClient, host: "127.0.0.1", port: 0, layouts: CountyHallProcess.repository.appendingPathComponent("Layouts").path,
            logger: server.logger)
        let february = try hall.monthly(ReportMonth("2025-02")!)
        try await app.test(.live) { http in
            try await CountyAccounts(client: pageClient, logger: server.logger).setPassword(
                username: "county-admin", password: "correct horse battery")
            let uri = "/api/county/halls/dongcun/report?month=2025-02"
            #expect(try await http.execute(uri: uri + "&format=csv", method: .get).status == .unauthorized)
            let login = try await http.execute(
                uri: "/api/county/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"county-admin","password":"correct horse battery"}"#))
            let cookie = String(try #require(login.headers[.setCookie]).split(separator: ";")[0])
            let csv = try await http.execute(uri: uri + "&format=csv", method: .get, headers: [.cookie: cookie])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(Data(csv.body.readableBytesView) == (try HallReporter.file(february.document, format: .csv)))
            let pdf = try await http.execute(uri: uri, method: .get, headers: [.cookie: cookie])
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(decoding: Data(pdf.body.readableBytesView).prefix(5), as: UTF8.self) == "%PDF-")
            let unknown = try await http.execute(
                uri: "/api/county/halls/nosuchhall/report?month=2025-02", method: .get, headers: [.cookie: cookie])
            #expect(unknown.status == .notFound)
        }

        // The commands themselves: `hall county report` at the county, `hall report month` in the hall.
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let binary = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("hall").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no hall binary at \(binary): swift build --build-tests")
        for format in ["csv", "pdf"] {
            let county = "\(folder)/county.\(format)"
            let own = "\(folder)/hall.\(format)"
            try PostgresServer.run(
                binary,
                [
                    "county", "report", "--postgres", server.url, "--hall", "dongcun", "--month", "2025-02", "--format", format, "--output",
                    county,
                ])
            try PostgresServer.run(binary, ["report", "month", "2025-02", "--data-dir", folder, "--format", format, "--output", own])
            let countyFile = try Data(contentsOf: URL(fileURLWithPath: county))
            let ownFile = try Data(contentsOf: URL(fileURLWithPath: own))
            #expect(countyFile.count > 1_000)
            if format == "csv" { #expect(countyFile == ownFile) } else { #expect(countyFile.count == ownFile.count) }
        }
    }
}
