import Foundation
import HTTPTypes
import HallDevices
import Hummingbird
import NIOCore

/// The QR code the kiosk shows for a complaint: the address of its page on the resident's own phone
/// (`http://<the hall's host>/feedback/<code>`), where they write the text with their phone's own
/// input method and later read the reply. An SVG drawn from libqrencode's symbol, one square per module.
enum ComplaintQR {
    /// The page's address as the kiosk reached the hall (its `Host`, the request's authority), or nil without one.
    static func pageURL(code: String, request: Request) -> String? {
        guard let host = request.head.authority, !host.isEmpty,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) })
        else { return nil }
        return "http://\(host)/feedback/\(code)"
    }

    /// The SVG of `payload`, with the quiet zone of four modules the QR standard asks for.
    static func svg(_ payload: String) throws -> String {
        let bitmap = try QRCodeRaster.bitmap(payload, moduleSize: 1, errorCorrection: .medium)
        let size = bitmap.width + 8
        var path = ""
        for y in 0..<bitmap.height {
            for x in 0..<bitmap.width where bitmap[x, y] { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
            <rect width="\(size)" height="\(size)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    static func response(_ svg: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "image/svg+xml"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
