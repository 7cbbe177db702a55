import CPangoCairo

/// Cairo surfaces for scanned pages: the page itself and a small PNG of it.
enum CairoImage {
    /// An RGB24 image surface holding the page's pixels (grey is spread to three equal channels; Cairo's
    /// PDF surface notices and embeds such an image as DeviceGray). The caller destroys it.
    static func surface(for page: ScannedPage) throws -> OpaquePointer {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(page.width), Int32(page.height)) else {
            throw DocumentError.cairo("image surface")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw DocumentError.cairo(String(cString: cairo_status_to_string(status)))
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = UnsafeMutableRawPointer(cairo_image_surface_get_data(surface)!)
        page.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<page.height {
                let row = (data + y * stride).assumingMemoryBound(to: UInt32.self)
                switch page.format {
                case .gray8:
                    let start = y * page.width
                    for x in 0..<page.width {
                        let v = UInt32(pixels[start + x])
                        row[x] = (v << 16) | (v << 8) | v
                    }
                case .rgb8:
                    let start = y * page.width * 3
                    for x in 0..<page.width {
                        let i = start + x * 3
                        row[x] = (UInt32(pixels[i]) << 16) | (UInt32(pixels[i + 1]) << 8) | UInt32(pixels[i + 2])
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    /// A PNG of the page scaled to fit `maximumSide` pixels (never enlarged).
    static func thumbnail(of image: OpaquePointer, width: Int, height: Int, maximumSide: Int) throws -> ScanThumbnailImage {
        let scale = min(1, Double(maximumSide) / Double(max(width, height)))
        let thumbWidth = max(1, Int((Double(width) * scale).rounded()))
        let thumbHeight = max(1, Int((Double(height) * scale).rounded()))
        guard let thumb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(thumbWidth), Int32(thumbHeight)) else {
            throw DocumentError.cairo("thumbnail surface")
        }
        defer { cairo_surface_destroy(thumb) }
        let cr = cairo_create(thumb)
        cairo_scale(cr, Double(thumbWidth) / Double(width), Double(thumbHeight) / Double(height))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(thumb)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(thumb, ByteSink.cairoWrite, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw DocumentError.cairo(String(cString: cairo_status_to_string(status))) }
        return ScanThumbnailImage(width: thumbWidth, height: thumbHeight, png: sink.bytes)
    }
}

/// Collects what Cairo writes, or passes it on to a file; remembers the first failure.
final class ByteSink {
    var bytes: [UInt8] = []
    var file: AtomicFile?
    var failure: (any Error)?
    var count = 0

    init(file: AtomicFile? = nil) { self.file = file }

    static let cairoWrite: cairo_write_func_t = { closure, data, length in
        let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
        if sink.failure != nil { return CAIRO_STATUS_WRITE_ERROR }
        let buffer = UnsafeRawBufferPointer(start: data, count: Int(length))
        if let file = sink.file {
            do { try file.write(buffer) } catch {
                sink.failure = error
                return CAIRO_STATUS_WRITE_ERROR
            }
        } else {
            sink.bytes.append(contentsOf: buffer)
        }
        sink.count += Int(length)
        return CAIRO_STATUS_SUCCESS
    }
}

/// Why a document could not be made.
public enum DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    case noPages
    case cairo(String)
    case finished

    public var description: String {
        switch self {
        case .noPages: "a scan document needs at least one page"
        case .cairo(let message): "Cairo: \(message)"
        case .finished: "the document is already finished or discarded"
        }
    }
}
