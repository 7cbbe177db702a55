import CPangoCairo
import Synchronization

/// Renders text lines to 1-bit bitmaps with Pango and Cairo, in a CJK font from Debian
/// (WenQuanYi Zen Hei Mono or Noto Sans Mono CJK), at the printer's font metrics:
/// 24 dots high, 12 dots per column, scaled by the style's magnification.
public struct TextRasterizer: Sendable {
    /// Fontconfig family list; the first installed one is used.
    public var fontFamily: String

    public init(fontFamily: String = "WenQuanYi Zen Hei Mono, Noto Sans Mono CJK SC, Noto Sans CJK SC, monospace") {
        self.fontFamily = fontFamily
    }

    /// Height of a printed text line in dots for a height magnification (24-dot font + 6 dots spacing).
    public static func lineHeight(heightScale: Int) -> Int { 24 * heightScale + 6 }

    /// One rendered line: the bitmap (paper width, aligned) and how many glyphs the font lacked.
    public struct Line: Sendable {
        public var bitmap: Bitmap
        /// Characters drawn as "tofu" boxes because no installed font has them; 0 when all is well.
        public var unknownGlyphs: Int
    }

    /// Renders one line (already wrapped) into a band `paperWidth` dots wide.
    public func render(_ text: String, style: TextStyle, paperWidth: Int) -> Line {
        pangoLock.withLock { _ in renderLocked(text, style: style, paperWidth: paperWidth) }
    }

    private func renderLocked(_ text: String, style: TextStyle, paperWidth: Int) -> Line {
        let height = Self.lineHeight(heightScale: style.heightScale)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(paperWidth), Int32(height))
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        let layout = pango_cairo_create_layout(cr)
        defer { hall_pango_unref(UnsafeMutableRawPointer(layout)) }
        let desc = pango_font_description_from_string(fontFamily)
        defer { pango_font_description_free(desc) }
        pango_font_description_set_absolute_size(desc, Double(22 * PANGO_SCALE))
        pango_font_description_set_weight(desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_single_paragraph_mode(layout, 1)
        pango_layout_set_text(layout, text, -1)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_pixel_extents(layout, &ink, &logical)
        let scaledWidth = Double(logical.width) * Double(style.widthScale)
        let x: Double
        switch style.alignment {
        case .left: x = 0
        case .center: x = max((Double(paperWidth) - scaledWidth) / 2, 0)
        case .right: x = max(Double(paperWidth) - scaledWidth, 0)
        }
        // Centre the font's logical box in the 24-dot cell.
        let y = (24.0 - Double(logical.height)) / 2
        cairo_translate(cr, x, 0)
        cairo_scale(cr, Double(style.widthScale), Double(style.heightScale))
        cairo_move_to(cr, 0, y)
        cairo_set_source_rgba(cr, 0, 0, 0, 1)
        pango_cairo_show_layout(cr, layout)
        cairo_surface_flush(surface)
        let unknown = Int(pango_layout_get_unknown_glyphs_count(layout))

        var bitmap = Bitmap(width: paperWidth, height: height)
        let stride = Int(cairo_image_surface_get_stride(surface))
        if let data = cairo_image_surface_get_data(surface) {
            for row in 0..<height {
                for col in 0..<paperWidth where data[row * stride + col] >= 128 {
                    bitmap[col, row] = true
                }
            }
        }
        return Line(bitmap: bitmap, unknownGlyphs: unknown)
    }
}

/// Pango's font map and fontconfig caches are shared: render one line at a time.
let pangoLock = Mutex(())
