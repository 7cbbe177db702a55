import CPNGWriter
import CPangoCairo
import Foundation

/// Errors reading or writing images.
public struct ImageFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension Bitmap {
    /// PNG bytes: black on white, one pixel per printer dot, one bit per pixel (the paper's own
    /// depth: compressing an RGB picture of the same ticket took a fifth of the hall's time when
    /// kiosks issued as fast as they could).
    public func pngData() throws -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        var error = [CChar](repeating: 0, count: 200)
        // An empty bitmap is one white dot: a PNG has at least one.
        let (w, h, rows) = width > 0 && height > 0 ? (width, height, bits) : (1, 1, [UInt8(0)])
        let status = rows.withUnsafeBufferPointer { rows in
            hall_png_write_gray1(
                rows.baseAddress, UInt32(w), UInt32(h), (w + 7) / 8,
                { context, bytes, length in
                    guard let context, let bytes else { return -1 }
                    Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue().data.append(bytes, count: length)
                    return 0
                }, Unmanaged.passUnretained(sink).toOpaque(), &error)
        }
        guard status == 0 else {
            throw ImageFileError(
                path: "<png>", reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return sink.data
    }

    /// Writes the bitmap as a PNG file, whole or not at all, readable by the hall's user only (a
    /// ticket's picture shows its rating code). Not fsynced: a picture of the paper is no record.
    public func writePNG(to url: URL) throws {
        try writePNG(toPath: url.path)
    }

    /// ``writePNG(to:)`` by path.
    public func writePNG(toPath path: String) throws {
        try AtomicFile.write(Array(pngData()), to: path, mode: 0o600, durable: false)
    }

    /// Loads a PNG (a logo), scales it down to at most `maxWidth` dots and thresholds it to 1 bit
    /// (dark and opaque pixels print).
    public static func loadPNG(_ url: URL, maxWidth: Int) throws -> Bitmap {
        let surface = cairo_image_surface_create_from_png(url.path)
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ImageFileError(path: url.path, reason: String(cString: cairo_status_to_string(status)))
        }
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let scale = w > maxWidth ? Double(maxWidth) / Double(w) : 1
        let outW = max(Int(Double(w) * scale), 1), outH = max(Int(Double(h) * scale), 1)
        let target = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(outW), Int32(outH))
        defer { cairo_surface_destroy(target) }
        let cr = cairo_create(target)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(target)
        var bitmap = Bitmap(width: outW, height: outH)
        let stride = Int(cairo_image_surface_get_stride(target))
        guard let data = cairo_image_surface_get_data(target) else { return bitmap }
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * outH) { px in
            for y in 0..<outH {
                for x in 0..<outW {
                    let p = px[y * stride / 4 + x]
                    let r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                    if (r * 299 + g * 587 + b * 114) / 1000 < 128 { bitmap[x, y] = true }
                }
            }
        }
        return bitmap
    }
}
