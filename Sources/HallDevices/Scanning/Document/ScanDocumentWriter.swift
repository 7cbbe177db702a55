import CPangoCairo
import Foundation

/// A small picture of one page, for the clerk's console.
public struct ScanThumbnailImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// PNG bytes.
    public var png: [UInt8]
}

/// What a page became in the PDF.
public struct ScanPageInfo: Hashable, Sendable, Codable {
    public var width: Int
    public var height: Int
    public var xResolution: Double
    public var yResolution: Double
    public var format: ScannedPage.Format
}

/// A finished PDF: where it is and what it holds.
public struct ScanDocument: Hashable, Sendable {
    public var path: String
    public var pages: [ScanPageInfo]
    public var thumbnails: [ScanThumbnailImage]
    public var byteCount: Int
}

/// Writes scanned pages into one PDF (Cairo's PDF surface) as they arrive, plus a PNG thumbnail of
/// each, and puts the PDF in place only when `finish()` succeeds.
///
/// Each PDF page is the scanned area's size on paper (pixels × 72 / dpi points); the image is embedded
/// at its scanned resolution. Until `finish()` the PDF is a hidden temporary file in the destination's
/// directory; `discard()` (or a failure, or deinit) removes it, so no half-written file is ever left.
///
/// ```swift
/// let writer = try ScanDocumentWriter(destination: "/data/scans/a.pdf", title: "申请材料")
/// try await scanner.scan(settings) { page in try writer.add(page) }
/// let document = try writer.finish()
/// ```
public final class ScanDocumentWriter: @unchecked Sendable {
    private let lock = NSLock()
    private let file: AtomicFile
    private let sink: ByteSink
    private var surface: OpaquePointer?
    private var pages: [ScanPageInfo] = []
    private var thumbnails: [ScanThumbnailImage] = []
    private let thumbnailSide: Int

    /// - Parameters:
    ///   - destination: the PDF's final path; its directory must exist.
    ///   - title: the PDF's title metadata.
    ///   - createdAt: the PDF's creation date metadata (passed in: this layer reads no clock).
    ///   - thumbnailSide: the thumbnails' longer side in pixels.
    ///   - mode: the file's permissions (0600: scans hold personal data).
    public convenience init(
        destination: String, title: String? = nil, createdAt: Date? = nil, thumbnailSide: Int = 240, mode: mode_t = 0o600
    ) throws {
        try self.init(
            destination: destination, title: title, createdAt: createdAt, thumbnailSide: thumbnailSide, mode: mode,
            write: AtomicFile.systemWrite)
    }

    init(
        destination: String, title: String?, createdAt: Date?, thumbnailSide: Int, mode: mode_t,
        write: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int
    ) throws {
        file = try AtomicFile(destination: destination, mode: mode, write: write)
        sink = ByteSink(file: file)
        self.thumbnailSide = thumbnailSide
        // The first page's size is set again before it is drawn.
        guard let created = cairo_pdf_surface_create_for_stream(ByteSink.cairoWrite, Unmanaged.passUnretained(sink).toOpaque(), 595, 842)
        else { throw DocumentError.cairo("PDF surface") }
        surface = created
        try checkSurface()
        cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_CREATOR, "ServiceHall")
        if let title { cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_TITLE, title) }
        if let createdAt {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_CREATE_DATE, formatter.string(from: createdAt))
        }
    }

    deinit {
        if let surface { cairo_surface_destroy(surface) }
        file.discard()
    }

    /// The PDF's final path.
    public var destination: String { file.destination }
    public var pageCount: Int { lock.withLock { pages.count } }

    /// Adds a page: a new PDF page of its size on paper, and a thumbnail.
    public func add(_ page: ScannedPage) throws {
        try lock.withLock {
            guard let surface else { throw DocumentError.finished }
            let pdf = surface
            let image = try CairoImage.surface(for: page)
            defer { cairo_surface_destroy(image) }
            cairo_pdf_surface_set_size(pdf, page.widthInPoints, page.heightInPoints)
            let cr = cairo_create(pdf)
            cairo_scale(cr, 72 / page.xResolution, 72 / page.yResolution)
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
            cairo_show_page(cr)
            cairo_destroy(cr)
            try checkSurface()
            thumbnails.append(try CairoImage.thumbnail(of: image, width: page.width, height: page.height, maximumSide: thumbnailSide))
            pages.append(
                ScanPageInfo(
                    width: page.width, height: page.height, xResolution: page.xResolution, yResolution: page.yResolution,
                    format: page.format))
        }
    }

    /// Completes the PDF and renames it into place. On failure nothing is left at the destination.
    public func finish() throws -> ScanDocument {
        try lock.withLock {
            guard let surface else { throw DocumentError.finished }
            guard !pages.isEmpty else {
                discardLocked()
                throw DocumentError.noPages
            }
            cairo_surface_finish(surface)
            do {
                try checkSurface()
                cairo_surface_destroy(surface)
                self.surface = nil
                try file.commit()
            } catch {
                discardLocked()
                throw error
            }
            return ScanDocument(path: file.destination, pages: pages, thumbnails: thumbnails, byteCount: sink.count)
        }
    }

    /// Drops the document: the temporary file goes, nothing appears at the destination.
    public func discard() {
        lock.withLock { discardLocked() }
    }

    private func discardLocked() {
        if let surface {
            // Finishing would write the rest of the PDF; drop the sink's file first so it goes nowhere.
            sink.failure = DocumentError.finished
            cairo_surface_destroy(surface)
            self.surface = nil
        }
        file.discard()
    }

    private func checkSurface() throws {
        if let failure = sink.failure { throw failure }
        guard let surface else { return }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw DocumentError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }
}
