import Foundation
import HTTPTypes
import HallCore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import HallCounty

@Suite("The county's server", .timeLimit(.minutes(3)))
struct CountyServerTests {
    /// The schema, then dongcun and xicun forwarding the redaction test's journal with its hall's
    /// profile; the partitions made.
    static func twoHalls(on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        try await CountySchema.migrate(connection, logger: logger)
        var partitions = Set<String>()
        for hall in ["dongcun", "xicun"] {
            try await CountyIngest(hallID: hall, logger: logger).commit(
                CountyRedactionTests.journal().map(CountyRedactionTests.record),
                profile: CountyRedaction.profile(CountyRedactionTests.configuration()), on: connection, knownPartitions: &partitions)
        }
        return partitions
    }

    @Test("Only a county administrator sees the halls; a silent hall shows as silent; the monthly report comes as CSV")
    func countyPage() async throws {
        let server = try await PostgresServer.launch()
        let connection = try await server.connect()
        var partitions = try await Self.twoHalls(on: connection, logger: server.logger)
        // Window 1 was paused; window 2 of dongcun opens: dongcun is open with one window.
        let opened = JournalEntry(
            seq: Int64(CountyRedactionTests.journal().count + 1), at: Date(timeIntervalSince1970: 1_795_400_100),
            event: .windowOpened(window: 2, staffID: nil))
        try await CountyIngest(hallID: "dongcun", logger: server.logger).commit(
            [CountyRedactionTests.record(opened)], on: connection, knownPartitions: &partitions)
        try await connection.query(
            "UPDATE halls SET last_contact_at = now() - interval '10 minutes' WHERE hall_id = 'xicun'", logger: server.logger)
        try await connection.close()

        let client = PostgresClient(
            configuration: try CountyTarget(url: server.url).clientConfiguration(), backgroundLogger: server.logger)
        let app = CountyServer.application(
            client: client, host: "127.0.0.1", port: 0, layouts: CountyHallProcess.repository.appendingPathComponent("Layouts").path,
            logger: server.logger)
        try await app.test(.live) { http in
            try await CountyAccounts(client: client, logger: server.logger).setPassword(
                username: "county-admin", password: "correct horse battery")
            #expect(try await http.execute(uri: "/api/county/halls", method: .get).status == .unauthorized)
            let wrong = try await http.execute(
                uri: "/api/county/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"county-admin","password":"wrong password!!"}"#))
            #expect(wrong.status == .unauthorized)
            let login = try await http.execute(
                uri: "/api/county/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"county-admin","password":"correct horse battery"}"#))
            #expect(login.status == .ok)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.split(separator: ";")[0])

            let halls = try await http.execute(uri: "/api/county/halls", method: .get, headers: [.cookie: cookie])
            #expect(halls.status == .ok)
            let body = String(buffer: halls.body)
            struct Answer: Decodable { var halls: [CountyHallToday] }
            let answer = try JSONDecoder().decode(Answer.self, from: Data(body.utf8))
            #expect(answer.halls.map(\.hallID) == ["dongcun", "xicun"])
            #expect(answer.halls.map(\.state) == ["open", "silent"])
            #expect(answer.halls[0].name == "东村镇便民服务中心")
            #expect(answer.halls[0].openWindows == 1)
            #expect(answer.halls[0].visitsToday == 1)

            let compare = try await http.execute(
                uri: "/api/county/compare?month=2026-11&by=service", method: .get, headers: [.cookie: cookie])
            #expect(String(buffer: compare.body).contains(#""label":"养老保险""#))
            // Each line carries the monthly report's figures: cases, follow-ups closed, complaints.
            struct Lines: Decodable { var rows: [CountyFigures] }
            for by in ["hall", "service", "month"] {
                let answer = try await http.execute(
                    uri: "/api/county/compare?month=2026-11&by=\(by)", method: .get, headers: [.cookie: cookie])
                let rows = try JSONDecoder().decode(Lines.self, from: Data(String(buffer: answer.body).utf8)).rows
                let perLine = by == "hall" ? 1 : 2
                #expect(!rows.isEmpty && rows.allSatisfy { $0.report?.complaints == perLine }, "\(by)")
                #expect(rows.allSatisfy { $0.report?.followUpClosedRate == 1 && $0.report?.casesAccepted == perLine }, "\(by)")
                #expect(rows.allSatisfy { $0.report?.outcomes["accepted"] == perLine }, "\(by)")
            }
            let csv = try await http.execute(uri: "/api/county/report?month=2026-11&format=csv", method: .get, headers: [.cookie: cookie])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            // Every column of the hall's own monthly report, one row per hall and the county's total,
            // then the county by service.
            let lines = String(buffer: csv.body).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            #expect(
                lines.map { $0.prefix(2).joined(separator: ",") } == [
                    "\u{FEFF}分组 kind,编号 key", "hall,dongcun", "hall,xicun", "hall,total", "service,pension", "service,total",
                ])
            let header = lines[0].map(String.init)
            for (key, perHall) in [
                ("issued", "1"), ("bad_ratings", "1"), ("bad_closed_rate", "100.0"), ("complaints", "1"), ("appointments_booked", "1"),
                ("appointments_missed", "1"),
            ] {
                let column = try #require(header.firstIndex { $0.hasSuffix(" \(key)") }, "\(key)")
                #expect(lines[1][column] == perHall && lines[2][column] == perHall, "\(key)")
                #expect(lines[3][column] == (perHall.contains(".") ? perHall : String(2 * Int(perHall)!)), "\(key) total")
                #expect(lines[5][column] == lines[3][column], "\(key) by service")
            }
            let pdf = try await http.execute(uri: "/api/county/report?month=2026-11&format=pdf", method: .get, headers: [.cookie: cookie])
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-"))

            let page = try await http.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("县政务服务中心"))
            #expect(try await http.execute(uri: "/screens/admin.js", method: .get).status == .notFound)
        }
    }
}
