import Foundation
import HallDevices
import Hummingbird

/// What the clerk asks of a scan; everything optional (150 dpi grey from the selected source).
struct ScanRequest: Decodable {
    /// `feeder` (every sheet it holds) or `flatbed`.
    var source: String?
    var resolution: Int?
    /// `color`, `gray` or `lineart`.
    var mode: String?

    /// The scanner's settings, or 400 naming the field that is wrong.
    func settings() throws -> ScanSettings {
        var settings = ScanSettings(resolution: resolution ?? 150, mode: .gray)
        if let mode {
            guard let m = ScanSettings.ColorMode(rawValue: mode) else {
                throw APIError(.badRequest, "bad_mode", zh: "mode 须为 color、gray 或 lineart", en: "`mode` must be color, gray or lineart")
            }
            settings.mode = m
        }
        switch source {
        case nil: break
        case "feeder": settings.source = .feeder
        case "flatbed": settings.source = .flatbed
        default: throw APIError(.badRequest, "bad_source", zh: "source 须为 feeder 或 flatbed", en: "`source` must be feeder or flatbed")
        }
        return settings
    }
}

/// A scan as the clerk console lists it, with its pages' thumbnails as data URLs.
struct ScanView: ResponseEncodable {
    var id: String
    var visitID: String
    var createdAt: Date
    var device: String?
    var pageCount: Int
    var pdf: String
    var thumbnails: [String]

    init(_ scan: StoredScan, visitID: String, thumbnails: [String]) {
        id = scan.id
        self.visitID = visitID
        createdAt = scan.createdAt
        device = scan.device
        pageCount = scan.pageCount
        pdf = "/api/v1/visits/\(visitID)/scans/\(scan.id).pdf"
        self.thumbnails = thumbnails
    }
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
