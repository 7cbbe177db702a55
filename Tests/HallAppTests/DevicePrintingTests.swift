import Foundation
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HallApp
@testable import HallDevices

/// Waits (under the suite's time limit, never a sleep) for the first committed event that `match` accepts.
func nextEvent<T>(_ feed: AsyncStream<FeedMessage>, _ match: (HallEvent) -> T?) async -> T? {
    for await message in feed {
        if let event = message.entry?.event, let found = match(event) { return found }
    }
    return nil
}

@Suite("Printing in the hall: tickets at the kiosk, receipts and notices at windows", .timeLimit(.minutes(3)))
struct DevicePrintingTests {
    func spool(_ t: TestHall, _ printer: String, _ file: String) -> String { t.directory + "/spool/\(printer)/\(file)" }

    /// Waits until `printer`'s pictures of the paper are drawn (they come after the paper, off the request's path).
    func pictures(_ t: TestHall, _ printer: String) async {
        await (t.runtime.devices.printers[printer]?.queue.transport as? VirtualPrinter)?.keeper.settle()
    }

    @Test("a ticket taken at the kiosk is printed on the kiosk's printer, and the printers show in the snapshot")
    func ticketPrinted() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(r.status == .created)
            let print = try #require(r.body["print"] as? [String: Any])
            #expect(print["printed"] as? Bool == true)
            #expect(print["printer"] as? String == "kiosk-printer")
            let id = try #require(r.body["visitID"] as? String)
            await pictures(t, "kiosk-printer")
            let png = spool(t, "kiosk-printer", "ticket-\(id).png")
            #expect(FileManager.default.fileExists(atPath: png))
            let paper = SpoolKeeper.jobs(in: URL(fileURLWithPath: spool(t, "kiosk-printer", "")))
            #expect(paper.map(\.name) == ["ticket-\(id)"])
            #expect(try paper.first?.bytes().starts(with: [0x1B, 0x40]) == true)
            let hall = try await client.json(.get, "/api/v1/hall")
            let devices = try #require(hall.body["devices"] as? [[String: Any]])
            #expect(
                devices.contains {
                    $0["id"] as? String == "kiosk-printer" && $0["status"] as? String == "ok" && $0["kind"] as? String == "printer"
                })
            #expect(devices.contains { $0["id"] as? String == "window-1-printer" && $0["window"] as? Int == 1 })
        }
    }

    @Test("the ticket says hall, number, service, people ahead, wait, time, materials, the rating code in its QR and 过号请重新取号")
    func ticketContent() async throws {
        let t = try await TestHall()
        let configuration = await t.hall.state.configuration
        let ticket = HallEvent.TicketIssued(
            visitID: "20261123-A003", number: "A003", serviceID: "pension", priority: .normal, ahead: 2, estimatedWaitSeconds: 600,
            appointmentAt: nil, secret: "K7MQ3XPA")
        let document = try t.runtime.devices.layouts["ticket"]!.document(
            PrintValues.ticket(ticket, at: chinaTime("09:42"), configuration: configuration))
        var texts: [String] = []
        var qr: String?
        for element in document.elements {
            if case .text(let text, _) = element { texts.append(text) }
            if case .qrCode(let payload, _, _, _) = element { qr = payload }
        }
        let all = texts.joined(separator: "\n")
        let service = try #require(configuration.service("pension"))
        for expected in [configuration.name.zh, "A003", service.name.zh, "前面还有 2 人", "预计等待约 10 分钟", "2026-11-23 09:42", "过号请重新取号"] {
            #expect(all.contains(expected), "\(expected) missing from:\n\(all)")
        }
        for material in service.materials { #expect(all.contains(material.zh)) }
        // Issue 11: the QR opens the ticket's page <base_url>/t/<code> on any phone (it held a
        // servicehall:// address with the visit id before, which no phone could open).
        #expect(qr?.hasPrefix("http") == true)
        #expect(qr?.hasSuffix("/t/K7MQ3XPA") == true)
    }

    @Test(
        "a kiosk printer that refuses the job: the number is still issued and shown, the kiosk is told, the hall sees the printer offline")
    func printerDown() async throws {
        let devices = DeviceSetup(printers: [
            PrinterSetup(id: "kiosk-printer", role: .kiosk, profile: "generic-58mm", transport: .tcp(host: "127.0.0.1", port: 1))
        ])
        let t = try await TestHall(devices: devices)
        try await t.application().test(.router) { client in
            let r = try await client.json(.post, "/api/v1/tickets", #"{"service":"pension"}"#)
            #expect(r.status == .created)
            #expect((r.body["number"] as? String)?.isEmpty == false)
            let print = try #require(r.body["print"] as? [String: Any])
            #expect(print["printed"] as? Bool == false)
            #expect(print["status"] as? String == "offline")
            #expect(((print["message"] as? [String: String])?["zh"] ?? "").contains("打印机"))
            // The ticket is in the hall's line even though the paper never came.
            let id = try #require(r.body["visitID"] as? String)
            #expect(await t.hall.state.visits[id]?.status == .waiting)
            #expect(await t.hall.state.devices["kiosk-printer"]?.status == .offline)
        }
    }

    // Issue 11 changed these two tests: a receipt now needs an accepted case (it carries the case
    // number and the case page's QR), a notice a visit finished as 补正; both print when the visit
    // is finished with that outcome, and again on request.
    @Test("finishing as 受理 prints the receipt with the case number and promised date, 补正 the one-time notice; both print again")
    func receiptAndNotice() async throws {
        let t = try await TestHall()
        try await t.application().test(.router) { client in
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            let ticket = try await client.ticket("pension")
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .ok)
            let early = try await client.json(.post, "/api/v1/windows/1/print-receipt", cookie: clerk)
            #expect(early.status == .notFound)
            #expect(early.body["error"] as? String == "no_outcome")

            let accepted = try await client.json(
                .post, "/api/v1/windows/1/finish-with-outcome", #"{"outcome":"accepted","applicantName":"王秀英"}"#, cookie: clerk)
            #expect(accepted.status == .ok, "\(accepted.body)")
            #expect(accepted.body["caseNumber"] as? String == "20261123-0001")
            #expect(accepted.body["document"] as? String == "receipt")
            #expect((accepted.body["print"] as? [String: Any])?["printed"] as? Bool == true)
            await pictures(t, "window-1-printer")
            #expect(FileManager.default.fileExists(atPath: spool(t, "window-1-printer", "receipt-\(ticket.id).png")))
            let configuration = await t.hall.state.configuration
            let limit = try #require(configuration.service("pension")).timeLimitDays
            let promised = configuration.schedule.adding(workingDays: limit, to: LocalDate("2026-11-23")!)
            let again = try await client.json(.post, "/api/v1/windows/1/print-receipt", cookie: clerk)
            #expect(again.status == .created, "\(again.body)")
            #expect(again.body["date"] as? String == promised.description)
            #expect(again.body["caseNumber"] as? String == "20261123-0001")
            let wrong = try await client.json(.post, "/api/v1/windows/1/print-notice", cookie: clerk)
            #expect(wrong.status == .conflict)
            #expect(wrong.body["error"] as? String == "wrong_document")

            let second = try await client.ticket("pension")
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .ok)
            let empty = try await client.json(
                .post, "/api/v1/windows/1/finish-with-outcome", #"{"outcome":"papersMissing","missing":[" "]}"#, cookie: clerk)
            #expect(empty.status == .badRequest)
            let notice = try await client.json(
                .post, "/api/v1/windows/1/finish-with-outcome", #"{"outcome":"papersMissing","missing":["户口簿","一寸照片"]}"#,
                cookie: clerk)
            #expect(notice.status == .ok, "\(notice.body)")
            #expect(notice.body["document"] as? String == "papersNotice")
            await pictures(t, "window-1-printer")
            #expect(FileManager.default.fileExists(atPath: spool(t, "window-1-printer", "notice-\(second.id).png")))
            let reprint = try await client.json(.post, "/api/v1/windows/1/print-notice", cookie: clerk)
            #expect(reprint.status == .created, "\(reprint.body)")
            #expect(
                reprint.body["date"] as? String == configuration.schedule.adding(workingDays: 5, to: LocalDate("2026-11-23")!).description)
            // Every paper is journaled on its visit: receipt twice, notice twice.
            let printed = try t.runtime.database.currentDayEntries().compactMap { entry -> String? in
                if case .documentPrinted(let visit, let document, _, _) = entry.event { "\(visit) \(document.rawValue)" } else { nil }
            }
            #expect(
                printed == [
                    "\(ticket.id) receipt", "\(ticket.id) receipt", "\(second.id) papersNotice", "\(second.id) papersNotice",
                ])

            let otherClerk = try await client.login("clerk2", "clerk12345", window: 2)
            #expect(try await client.json(.post, "/api/v1/windows/1/print-receipt", cookie: otherClerk).status == .forbidden)
            // Window 4 has no printer in the demo hall: the refusal is recorded, its paper cannot print.
            let admin = try await client.login("admin", "admin12345")
            try await client.json(.post, "/api/v1/windows/4/open", cookie: admin)
            _ = try await client.ticket("birth-registration")
            #expect(try await client.json(.post, "/api/v1/windows/4/call-next", cookie: admin).status == .ok)
            let refused = try await client.json(
                .post, "/api/v1/windows/4/finish-with-outcome", #"{"outcome":"refused","reason":"不属于本镇户籍","basis":"《户口登记条例》第七条"}"#,
                cookie: admin)
            #expect(refused.status == .ok, "\(refused.body)")
            #expect(refused.body["document"] as? String == "refusalNotice")
            #expect(refused.body["print"] == nil)
            let noPrinter = try await client.json(.post, "/api/v1/windows/4/print-refusal", cookie: admin)
            #expect(noPrinter.status == .conflict)
            #expect(noPrinter.body["error"] as? String == "no_printer")
            // A visit served at another window cannot be given this window's receipt.
            let foreign = try await client.json(.post, "/api/v1/windows/1/print-receipt", #"{"visit":"\#(ticket.id)x"}"#, cookie: admin)
            #expect(foreign.status == .notFound)
            let idle = try await client.json(.post, "/api/v1/windows/2/print-receipt", cookie: otherClerk)
            #expect(idle.body["error"] as? String == "no_current_visit")
        }
    }

    @Test("the receipt's layout holds the case number, the promised date, the clerk and the case page's address")
    func receiptContent() async throws {
        let t = try await TestHall()
        try await t.hall.execute(.open(window: 1, staffID: nil))
        try await t.hall.execute(.issueTicket(serviceID: "pension", priority: .normal, secret: "CODE1234"))
        try await t.hall.execute(.callNext(window: 1))
        let intake = CaseIntake(applicantName: "王秀英", workingDays: 5, code: "k3m9k3m9k3m9k3m9k3m9k3m9")
        try await t.hall.execute(.finish(window: 1, outcome: .accepted, intake: intake))
        let state = await t.hall.state
        let record = try #require(state.cases.caseWith(code: intake.code))
        let values = PrintValues.receipt(record, window: 1, configuration: state.configuration)
        #expect(values.strings["case_number"] == "20261123-0001")
        #expect(values.strings["clerk"] == "张伟")
        #expect(values.strings["window"] == "1号窗口")
        #expect(values.strings["applicant"] == "王秀英")
        #expect(values.strings["accepted_on"] == "2026年11月23日")
        #expect(values.strings["promised_on"] == "2026年11月30日")
        #expect(values.strings["qr"]?.hasPrefix("http") == true)
        #expect(values.strings["qr"]?.hasSuffix("/c/\(intake.code)") == true)
    }

    @Test("udev/99-servicehall.rules is what `hall udev-rules` generates from Devices/ (run it after changing a profile)")
    func udevRulesMatchProfiles() throws {
        let checkedIn = try String(contentsOf: repositoryRoot.appendingPathComponent(DeviceRules.checkedInPath), encoding: .utf8)
        let catalog = DeviceCatalog(
            devicesDirectory: repositoryRoot.appendingPathComponent("Devices"),
            layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts"))
        let generated = try DeviceRules.generate(catalog: catalog)
        #expect(checkedIn == generated)
        #expect(generated.contains("hall/printer-rongta-rp"))
        #expect(generated.contains("servicehall/buttons/caller-f1-f8-usb"))
        #expect(generated.contains("servicehall/bus/rs485-caller-evaluator"))
    }
}
