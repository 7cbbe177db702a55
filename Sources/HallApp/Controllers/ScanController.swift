import Foundation
import HallCore
import HallDevices
import HallStore
import Hummingbird
import Logging

/// Scanning at the window (`POST /windows/{number}/scan`) and the scans of a visit
/// (`GET /visits/{id}/scans`, `…/scans/{scan}.pdf`): only the clerk who served that visit or an
/// administrator, every access written to the archive's audit log.
struct ScanController {
    let hall: Hall
    let database: HallDatabase
    let desk: ScanDesk
    let clock: any HallClock
    let logger: Logger

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .post("windows/:number/scan", use: scan)
            .get("visits/:id/scans", use: scans)
            .get("visits/:id/scans/{scan}.pdf", use: pdf)
    }

    /// Scans into the window's current visit, telling the staff feed each page as it comes → 201.
    @Sendable func scan(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<ScanView> {
        let number = try context.windowNumber()
        let account = try context.requireWindow(number)
        let settings = try await request.decode(as: ScanRequest.self, context: context).settings()
        guard desk.scanner(window: number) != nil else {
            throw APIError(.conflict, "no_scanner", zh: "\(number)号窗口未配置扫描仪", en: "Window \(number) has no scanner")
        }
        guard let visitID = await hall.state.windows[number]?.current else {
            throw APIError(.conflict, "no_current_visit", zh: "\(number)号窗口当前没有办理中的号", en: "Window \(number) has no current visit")
        }
        let (bus, seq) = (hall.bus, await hall.seq)
        do {
            let stored = try await desk.scan(
                window: number, visitID: visitID, settings: settings, who: "\(account.role.rawValue):\(account.username)", at: clock.now()
            ) { progress in
                let message = ScanProgressMessage(
                    window: number, visitID: visitID, page: progress.page, pagesCompleted: progress.pagesCompleted,
                    fraction: progress.pageFraction)
                if let data = try? JSON.encoder.encode(message) { bus.publishTransient(String(decoding: data, as: UTF8.self), seq: seq) }
            }
            await report(number, .ready)
            return EditedResponse(status: .created, response: ScanView(stored, visitID: visitID, thumbnails: []))
        } catch let error as ScanError {
            await report(number, DeviceState.Status(error.deviceStatus))
            // A setting the scanner does not offer is the request's fault (400), not the hall's (found by
            // the API fuzzer: it answered 503 like a failed scanner).
            let status: HTTPResponse.Status =
                switch error.kind {
                case .settingNotOffered: .badRequest
                case .scannerBusy, .feederEmpty, .cancelled: .conflict
                default: .serviceUnavailable
                }
            throw APIError(status, "scan_\(error.kind.rawValue)", zh: error.chineseMessage, en: error.englishMessage)
        }
    }

    /// The visit's scans, each with its pages' thumbnails.
    @Sendable func scans(_ request: Request, context: HallRequestContext) async throws -> [ScanView] {
        let id = try context.parameters.require("id")
        let access = ArchiveAccess(who: try await reader(context, visitID: id), at: clock.now())
        return try desk.archive.scans(of: id, access: access).map { scan in
            let thumbnails = try (1...max(1, scan.pageCount)).prefix(scan.pageCount).map { page in
                "data:image/png;base64,"
                    + (try desk.archive.thumbnail(of: scan.id, page: page, owner: id, access: access)).base64EncodedString()
            }
            return ScanView(scan, visitID: id, thumbnails: thumbnails)
        }
    }

    /// One scan as a PDF, never cached.
    @Sendable func pdf(_ request: Request, context: HallRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let scan = try context.parameters.require("scan")
        let who = try await reader(context, visitID: id)
        do {
            let data = try desk.archive.pdf(of: scan, owner: id, access: ArchiveAccess(who: who, at: clock.now()))
            return Response(
                status: .ok, headers: [.contentType: "application/pdf", .cacheControl: "no-store"],
                body: .init(byteBuffer: .init(bytes: data)))
        } catch is ArchiveError {
            // The archive's error names files on the hall PC: the client learns only that there is no such scan.
            throw APIError(.notFound, "no_such_scan", zh: "没有该扫描件", en: "No such scan")
        }
    }

    /// An administrator, or the clerk who served the visit (the visit's staff member is the
    /// session's): a scanned ID document is not for every clerk who later sits at that window.
    /// Returns who, for the audit log.
    private func reader(_ context: HallRequestContext, visitID: String) async throws -> String {
        let account = try context.requireLogin()
        let who = "\(account.role.rawValue):\(account.username)"
        if account.role == .admin { return who }
        let staffID: String?
        if let visit = await hall.state.visits[visitID] {
            staffID = visit.staffID
        } else {
            let (known, stored) = try database.visitStaff(visitID)
            guard known else { throw APIError(.notFound, "unknown_visit", zh: "没有该办件：\(visitID)", en: "Unknown visit: \(visitID)") }
            staffID = stored
        }
        guard let staffID, staffID == account.staffID else {
            throw APIError(
                .forbidden, "not_your_visit", zh: "只有办理该件的工作人员和管理员可以查看扫描件",
                en: "Only the clerk who served that visit and administrators see its scans")
        }
        return who
    }

    private func report(_ window: Int, _ status: DeviceState.Status) async {
        do {
            try await hall.execute(
                .reportDevice(deviceID: ScanDesk.deviceID(window: window), kind: "scanner", window: window, status: status))
        } catch {
            logger.error("scanner status not journaled", metadata: ["window": "\(window)", "error": "\(error)"])
        }
    }
}
