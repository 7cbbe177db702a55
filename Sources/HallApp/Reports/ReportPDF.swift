import CPangoCairo
import Foundation
import HallReports
import Synchronization

/// Sets a ``ReportDocument`` as a PDF on A4 landscape with Cairo and Pango: the title (hall and
/// month), each table with its heading repeated on every page, the charts as bars, then the notes.
/// Chinese is set in a Debian CJK font (fonts-noto-cjk or fonts-wqy-zenhei), as the printing does.
public enum ReportPDF {
    /// Fontconfig family list; the first installed one is used.
    public static let fontFamily = "Noto Sans CJK SC, WenQuanYi Zen Hei, Noto Serif CJK SC, sans-serif"
    static let pageWidth = 842.0
    static let pageHeight = 595.0
    static let margin = 36.0

    /// The PDF's bytes.
    public static func render(_ document: ReportDocument) throws -> Data {
        try renderLock.withLock { _ in try renderLocked(document) }
    }

    private static func renderLocked(_ document: ReportDocument) throws -> Data {
        let sink = PDFSink()
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                PDFSink.write, Unmanaged.passUnretained(sink).toOpaque(), pageWidth, pageHeight)
        else { throw ReportRenderError(message: "PDF surface") }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ServiceHall")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title)
        guard let cr = cairo_create(surface) else { throw ReportRenderError(message: "Cairo context") }
        var page = Page(cr: cr, y: margin)
        page.text(document.title, size: 16, bold: true, width: pageWidth - 2 * margin)
        page.text(document.subtitle, size: 10, width: pageWidth - 2 * margin)
        page.y += 6
        for table in document.tables.flatMap({ $0.parts(maxFigures: 24) }) { page.table(table) }
        for chart in document.charts { page.chart(chart) }
        page.y += 6
        for note in document.notes { page.text(note, size: 7, width: pageWidth - 2 * margin) }
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw ReportRenderError(message: String(cString: cairo_status_to_string(status))) }
        return Data(sink.bytes)
    }

    /// One report at a time: Pango's caches are shared within the process.
    private static let renderLock = Mutex(())

    /// Where drawing goes on, with a new page when the current one is full.
    struct Page {
        let cr: OpaquePointer
        var y: Double

        mutating func ensure(_ height: Double) -> Bool {
            guard y + height > pageHeight - margin else { return false }
            cairo_show_page(cr)
            y = margin
            return true
        }

        /// Sets `text` at `x`, `top`, wrapped to `width`; returns its height.
        @discardableResult
        func draw(
            _ text: String, x: Double, top: Double, size: Double, bold: Bool = false, width: Double,
            align: PangoAlignment = PANGO_ALIGN_LEFT
        )
            -> Double
        {
            let layout = pango_cairo_create_layout(cr)
            defer { hall_pango_unref(UnsafeMutableRawPointer(layout)) }
            let desc = pango_font_description_from_string(fontFamily)
            defer { pango_font_description_free(desc) }
            pango_font_description_set_absolute_size(desc, size * Double(PANGO_SCALE))
            pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
            pango_layout_set_font_description(layout, desc)
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            pango_layout_set_alignment(layout, align)
            pango_layout_set_text(layout, text, -1)
            var w: Int32 = 0
            var h: Int32 = 0
            pango_layout_get_size(layout, &w, &h)
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_move_to(cr, x, top)
            pango_cairo_show_layout(cr, layout)
            return Double(h) / Double(PANGO_SCALE)
        }

        mutating func text(_ text: String, size: Double, bold: Bool = false, width: Double) {
            _ = ensure(size * 2)
            y += draw(text, x: margin, top: y, size: size, bold: bold, width: width) + 2
        }

        /// Column widths: the lead text columns wider, the figures sharing the rest.
        func widths(_ table: ReportTable) -> [Double] {
            let total = pageWidth - 2 * margin
            let leadWide = table.columns.prefix { ["key", "name", "department"].contains($0.key) }
            let fixed = leadWide.map { $0.key == "name" ? 70.0 : 44.0 }
            let rest = Double(table.columns.count - fixed.count)
            let each = (total - fixed.reduce(0, +)) / max(rest, 1)
            return fixed + Array(repeating: each, count: table.columns.count - fixed.count)
        }

        /// Narrow columns (a wide table) take a smaller font.
        func fontSize(_ widths: [Double]) -> Double { (widths.last ?? 40) < 30 ? 5.5 : 7 }

        mutating func header(_ table: ReportTable, _ widths: [Double]) {
            var heights: [Double] = []
            var x = margin
            // Measure first by drawing into a group that is dropped, then draw for real.
            cairo_push_group(cr)
            for (i, column) in table.columns.enumerated() {
                heights.append(
                    draw("\(column.zh)\n\(column.en)", x: x, top: y, size: fontSize(widths) - 1, bold: true, width: widths[i] - 4))
                x += widths[i]
            }
            cairo_pattern_destroy(cairo_pop_group(cr))
            let height = (heights.max() ?? 10) + 4
            cairo_set_source_rgb(cr, 0.9, 0.92, 0.96)
            cairo_rectangle(cr, margin, y, pageWidth - 2 * margin, height)
            cairo_fill(cr)
            x = margin
            for (i, column) in table.columns.enumerated() {
                draw("\(column.zh)\n\(column.en)", x: x + 2, top: y + 2, size: fontSize(widths) - 1, bold: true, width: widths[i] - 4)
                x += widths[i]
            }
            y += height
        }

        mutating func table(_ table: ReportTable) {
            let widths = widths(table)
            _ = ensure(60)
            y += draw("\(table.zh) · \(table.en)", x: margin, top: y, size: 11, bold: true, width: pageWidth - 2 * margin) + 4
            header(table, widths)
            let rowHeight = 12.0
            for (r, row) in table.rows.enumerated() {
                if ensure(rowHeight) { header(table, widths) }
                let isTotal = row.first == .text("total")
                if isTotal || r % 2 == 1 {
                    cairo_set_source_rgb(cr, isTotal ? 0.85 : 0.96, isTotal ? 0.88 : 0.96, isTotal ? 0.93 : 0.96)
                    cairo_rectangle(cr, margin, y, pageWidth - 2 * margin, rowHeight)
                    cairo_fill(cr)
                }
                var x = margin
                for (i, value) in row.enumerated() {
                    let isText = if case .text = value { true } else { false }
                    draw(
                        value.display, x: x + 2, top: y + 2, size: fontSize(widths), bold: isTotal, width: widths[i] - 4,
                        align: isText ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT)
                    x += widths[i]
                }
                y += rowHeight
            }
            y += 12
        }

        mutating func chart(_ chart: ReportChart) {
            let height = 150.0
            _ = ensure(height + 30)
            y += draw("\(chart.zh) · \(chart.en)", x: margin, top: y, size: 11, bold: true, width: pageWidth - 2 * margin) + 4
            let top = y, bottom = y + height - 20
            let width = pageWidth - 2 * margin - 20
            let slot = width / Double(max(chart.values.count, 1))
            let most = Double(max(chart.values.max() ?? 0, 1))
            cairo_set_source_rgb(cr, 0.4, 0.4, 0.4)
            cairo_set_line_width(cr, 0.5)
            cairo_move_to(cr, margin + 20, bottom)
            cairo_line_to(cr, margin + 20 + width, bottom)
            cairo_stroke(cr)
            for (i, value) in chart.values.enumerated() {
                let x = margin + 20 + Double(i) * slot
                let barHeight = Double(value) / most * (bottom - top - 14)
                cairo_set_source_rgb(cr, 0.20, 0.45, 0.80)
                cairo_rectangle(cr, x + slot * 0.15, bottom - barHeight, slot * 0.7, barHeight)
                cairo_fill(cr)
                if value > 0 {
                    draw(String(value), x: x, top: bottom - barHeight - 9, size: 6, width: slot, align: PANGO_ALIGN_CENTER)
                }
                draw(chart.labels[i], x: x, top: bottom + 2, size: 6, width: slot, align: PANGO_ALIGN_CENTER)
            }
            y += height
        }
    }
}

/// Cairo could not make the PDF.
public struct ReportRenderError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "报表生成失败 The report could not be rendered: \(message)" }
}

/// Collects the bytes Cairo writes.
private final class PDFSink {
    var bytes: [UInt8] = []

    static let write: cairo_write_func_t = { closure, data, length in
        let sink = Unmanaged<PDFSink>.fromOpaque(closure!).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}
