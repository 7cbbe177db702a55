import Foundation
import HallCore
import HallDevices
import HallStore
import Hummingbird
import Logging

/// What the clerk asks of a scan; everything optional (150 dpi grey from the selected source).
struct ScanRequest: Decodable {
    /// `feeder` (every sheet it holds) or `flatbed`.
    var source: String?
    var resolution: Int?
    /// `color`, `gray` or `lineart`.
    var mode: String?
}

/// A scan as the clerk console lists it, with its pages' thumbnails as data URLs.
struct ScanView: Encodable {
    var id: String
    var visitID: String
    var createdAt: Date
    var device: String?
    var pageCount: Int
    var pdf: String
    var thumbnails: [String]
}

/// `{"kind":"scanProgress", …}` on the live feed while a window scans.
struct ScanProgressMessage: Encodable {
    var kind = "scanProgress"
    var window: Int
    var visitID: String
    var page: Int
    var pagesCompleted: Int
    var fraction: Double?
}

extension HallRuntime {
    /// Scanning at the window and the scans of a visit: only the clerk of that visit's window or an
    /// administrator, every access written to the archive's audit log.
    func addScanRoutes(to api: RouterGroup<HallRequestContext>) {
        api.post("windows/:number/scan") { request, context in
            guard let number = Int(try context.parameters.require("number")) else {
                throw APIError(.badRequest, "bad_window", zh: "窗口号须为数字", en: "The window number must be a number")
            }
            let account = try context.requireWindow(number)
            let body = try await JSON.body(ScanRequest.self, from: request, context: context)
            let settings = try scanSettings(body)
            guard devices.scanDesk.scanner(window: number) != nil else {
                throw APIError(.conflict, "no_scanner", zh: "\(number)号窗口未配置扫描仪", en: "Window \(number) has no scanner")
            }
            guard let visitID = await hall.state.windows[number]?.current else {
                throw APIError(.conflict, "no_current_visit", zh: "\(number)号窗口当前没有办理中的号", en: "Window \(number) has no current visit")
            }
            let bus = hall.bus
            let seq = await hall.seq
            do {
                let stored = try await devices.scanDesk.scan(
                    window: number, visitID: visitID, settings: settings, who: "\(account.role.rawValue):\(account.username)", at: clock.now()
                ) { progress in
                    let message = ScanProgressMessage(
                        window: number, visitID: visitID, page: progress.page, pagesCompleted: progress.pagesCompleted, fraction: progress.pageFraction)
                    if let data = try? JSON.encoder.encode(message) { bus.publishTransient(String(decoding: data, as: UTF8.self), seq: seq) }
                }
                await reportScanner(number, "ready")
                return try JSON.response(scanView(stored, visitID: visitID, thumbnails: []), status: .created)
            } catch let error as ScanError {
                await reportScanner(number, error.deviceStatus.rawValue)
                let status: HTTPResponse.Status = error.kind == .scannerBusy || error.kind == .feederEmpty || error.kind == .cancelled ? .conflict : .serviceUnavailable
                throw APIError(status, "scan_\(error.kind.rawValue)", zh: error.chineseMessage, en: error.englishMessage)
            }
        }

        api.get("visits/:id/scans") { _, context in
            let id = try context.parameters.require("id")
            let who = try await scanReader(context, visitID: id)
            let access = ArchiveAccess(who: who, at: clock.now())
            let scans = try devices.scanDesk.archive.scans(of: id, access: access)
            let views = try scans.map { scan in
                let thumbnails = try (1...max(1, scan.pageCount)).prefix(scan.pageCount).map { page in
                    "data:image/png;base64," + (try devices.scanDesk.archive.thumbnail(of: scan.id, page: page, owner: id, access: access)).base64EncodedString()
                }
                return scanView(scan, visitID: id, thumbnails: thumbnails)
            }
            return try JSON.response(views)
        }

        api.get("visits/:id/scans/{scan}.pdf") { _, context in
            let id = try context.parameters.require("id")
            let scan = try context.parameters.require("scan")
            let who = try await scanReader(context, visitID: id)
            do {
                let data = try devices.scanDesk.archive.pdf(of: scan, owner: id, access: ArchiveAccess(who: who, at: clock.now()))
                return Response(
                    status: .ok, headers: [.contentType: "application/pdf", .cacheControl: "no-store"],
                    body: .init(byteBuffer: .init(bytes: data)))
            } catch let error as ArchiveError {
                throw APIError(.notFound, "no_such_scan", zh: "没有该扫描件", en: "\(error)")
            }
        }
    }

    private func scanView(_ scan: StoredScan, visitID: String, thumbnails: [String]) -> ScanView {
        ScanView(
            id: scan.id, visitID: visitID, createdAt: scan.createdAt, device: scan.device, pageCount: scan.pageCount,
            pdf: "/api/v1/visits/\(visitID)/scans/\(scan.id).pdf", thumbnails: thumbnails)
    }

    /// An administrator, or the clerk logged in to the window the visit was served at. Returns who, for the audit log.
    private func scanReader(_ context: HallRequestContext, visitID: String) async throws -> String {
        let account = try context.requireLogin()
        let who = "\(account.role.rawValue):\(account.username)"
        if account.role == .admin { return who }
        let window: Int?
        if let visit = await hall.state.visits[visitID] {
            window = visit.window
        } else {
            let (known, stored) = try database.visitWindow(visitID)
            guard known else { throw APIError(.notFound, "unknown_visit", zh: "没有该办件：\(visitID)", en: "Unknown visit: \(visitID)") }
            window = stored
        }
        guard let window, context.session?.window == window else {
            throw APIError(.forbidden, "not_your_visit", zh: "只有办理该件的窗口人员和管理员可以查看扫描件", en: "Only the clerk of that visit's window and administrators see its scans")
        }
        return who
    }

    private func scanSettings(_ body: ScanRequest) throws -> ScanSettings {
        var settings = ScanSettings(resolution: body.resolution ?? 150, mode: .gray)
        if let mode = body.mode {
            guard let m = ScanSettings.ColorMode(rawValue: mode) else {
                throw APIError(.badRequest, "bad_mode", zh: "mode 须为 color、gray 或 lineart", en: "`mode` must be color, gray or lineart")
            }
            settings.mode = m
        }
        switch body.source {
        case nil: break
        case "feeder": settings.source = .feeder
        case "flatbed": settings.source = .flatbed
        default: throw APIError(.badRequest, "bad_source", zh: "source 须为 feeder 或 flatbed", en: "`source` must be feeder or flatbed")
        }
        return settings
    }

    private func reportScanner(_ window: Int, _ status: String) async {
        do {
            try await hall.execute(.reportDevice(deviceID: ScanDesk.deviceID(window: window), kind: "scanner", window: window, status: status))
        } catch {
            logger.error("scanner status not journaled", metadata: ["window": "\(window)", "error": "\(error)"])
        }
    }
}
