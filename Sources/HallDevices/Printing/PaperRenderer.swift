import Foundation

/// Renders a print document to an image of the paper, one pixel per dot, following the same
/// plan as the ESC/POS encoder (same line breaks, sizes, QR module size and feeds).
public struct PaperRenderer: Sendable {
    public let profile: PrinterProfile
    public var rasterizer: TextRasterizer
    let planner: PrintPlanner

    public init(profile: PrinterProfile, rasterizer: TextRasterizer = TextRasterizer()) {
        self.profile = profile
        self.rasterizer = rasterizer
        self.planner = PrintPlanner(profile: profile)
    }

    /// The rendered paper and the number of characters no installed font could draw (tofu).
    public struct Result: Sendable {
        public var bitmap: Bitmap
        public var unknownGlyphs: Int
    }

    public func render(_ document: PrintDocument) throws -> Result {
        let width = profile.widthDots
        var parts: [Bitmap] = [Bitmap(width: width, height: 12)]  // top margin as the paper leaves the cutter
        var unknown = 0
        for band in try planner.plan(document) {
            switch band {
            case .nativeText(let line, _, let style, _), .rasterText(let line, let style):
                let r = rasterizer.render(line, style: style, paperWidth: width)
                unknown += r.unknownGlyphs
                parts.append(r.bitmap)
            case .nativeQR(let payload, let moduleSize, let ecc, let alignment):
                let qr = try QRCodeRaster.bitmap(payload, moduleSize: moduleSize, errorCorrection: ecc)
                parts.append(qr.placed(in: width, alignment: alignment))
            case .nativeBarcode(let symbol, let height, let alignment), .rasterBarcode(let symbol, let height, let alignment):
                // The bars as `GS w`/`GS h` draw them, the text as `GS H 2` prints it below, then the LF.
                parts.append(
                    try symbol.printedBitmap(height: height, alignment: alignment, paperWidth: width, rasterizer: rasterizer))
                parts.append(Bitmap(width: width, height: TextRasterizer.lineHeight(heightScale: 1)))
            case .raster(let bitmap):
                parts.append(bitmap.placed(in: width, alignment: .left))
            case .feed(let lines):
                parts.append(Bitmap(width: width, height: lines * TextRasterizer.lineHeight(heightScale: 1)))
            case .cut:
                parts.append(Bitmap(width: width, height: profile.feedBeforeCut * TextRasterizer.lineHeight(heightScale: 1)))
            }
        }
        return Result(bitmap: Bitmap.stack(parts, width: width), unknownGlyphs: unknown)
    }

    /// Renders and writes a PNG.
    @discardableResult
    public func writePNG(_ document: PrintDocument, to url: URL) throws -> Result {
        let result = try render(document)
        try result.bitmap.writePNG(to: url)
        return result
    }
}
