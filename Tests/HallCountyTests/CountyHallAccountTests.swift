import Foundation
import HallCore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import HallCounty

/// An account of one hall sees that hall only, whatever it asks: PostgreSQL's row-level security
/// holds its queries to the hall. The database belongs to an ordinary role, as docs/county.md sets
/// it up (a superuser would pass over the policies).
@Suite("A county account limited to one hall", .timeLimit(.minutes(5)))
struct CountyHallAccountTests {
    @Test("Every hall today, the comparisons and the reports of one hall only; the county's administrator sees all")
    func oneHall() async throws {
        let server = try await PostgresServer.launch()
        let setup = try await server.connect()
        try await setup.query("CREATE ROLE county_owner LOGIN", logger: server.logger)
        try await setup.query("CREATE DATABASE county OWNER county_owner", logger: server.logger)
        try await setup.close()
        let url = "postgres://county_owner@127.0.0.1:\(server.port)/county?sslmode=disable"
        let target = try CountyTarget(url: url)
        let connection = try await PostgresConnection.connect(
            configuration: try target.connectionConfiguration(), id: 1, logger: server.logger)
        _ = try await CountyServerTests.twoHalls(on: connection, logger: server.logger)
        try await connection.close()

        let client = PostgresClient(configuration: try target.clientConfiguration(), backgroundLogger: server.logger)
        let app = CountyServer.application(
            client: client, host: "127.0.0.1", port: 0, layouts: CountyHallProcess.repository.appendingPathComponent("Layouts").path,
            logger: server.logger)
        try await app.test(.live) { http in
            let accounts = CountyAccounts(client: client, logger: server.logger)
            try await accounts.setPassword(username: "county-admin", password: "correct horse battery")
            try await accounts.setPassword(username: "dongcun-office", password: "dongcun horse battery", hall: "dongcun")
            func login(_ username: String, _ password: String) async throws -> String {
                let answer = try await http.execute(
                    uri: "/api/county/session", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
                #expect(answer.status == .ok)
                return String(try #require(answer.headers[.setCookie]).split(separator: ";")[0])
            }
            func get(_ uri: String, _ cookie: String) async throws -> (HTTPResponse.Status, String) {
                let answer = try await http.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                return (answer.status, String(buffer: answer.body))
            }
            struct Halls: Decodable { var halls: [CountyHallToday] }
            struct Lines: Decodable { var rows: [CountyFigures] }

            let office = try await login("dongcun-office", "dongcun horse battery")
            let admin = try await login("county-admin", "correct horse battery")
            let (_, officeHalls) = try await get("/api/county/halls", office)
            #expect(try JSONDecoder().decode(Halls.self, from: Data(officeHalls.utf8)).halls.map(\.hallID) == ["dongcun"])
            let (_, adminHalls) = try await get("/api/county/halls", admin)
            #expect(try JSONDecoder().decode(Halls.self, from: Data(adminHalls.utf8)).halls.map(\.hallID) == ["dongcun", "xicun"])

            // Comparisons: by hall one line; asking for the other hall gives nothing.
            let (_, byHall) = try await get("/api/county/compare?month=2026-11&by=hall", office)
            let lines = try JSONDecoder().decode(Lines.self, from: Data(byHall.utf8)).rows
            #expect(lines.map(\.key) == ["dongcun"])
            #expect(lines.first?.visits == 1 && lines.first?.report?.complaints == 1)
            let (_, other) = try await get("/api/county/compare?month=2026-11&by=hall&hall=xicun", office)
            #expect(try JSONDecoder().decode(Lines.self, from: Data(other.utf8)).rows.isEmpty)
            let (_, total) = try await get("/api/county/compare?month=2026-11&by=service", office)
            #expect(try JSONDecoder().decode(Lines.self, from: Data(total.utf8)).rows.map(\.visits) == [1])

            // The county report holds its hall's row only; the other hall's own report is not found.
            let (_, csv) = try await get("/api/county/report?month=2026-11&format=csv", office)
            let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
            #expect(rows.filter { $0.hasPrefix("hall,") } == ["hall,dongcun", "hall,total"])
            #expect(try await get("/api/county/halls/xicun/report?month=2026-11&format=csv", office).0 == .notFound)
            #expect(try await get("/api/county/report?month=2026-11&hall=xicun&format=csv", office).0 == .notFound)
            #expect(try await get("/api/county/halls/dongcun/report?month=2026-11&format=csv", office).0 == .ok)
            let (_, adminCSV) = try await get("/api/county/report?month=2026-11&format=csv", admin)
            #expect(adminCSV.contains("\r\nhall,xicun,"))
        }
    }
}
