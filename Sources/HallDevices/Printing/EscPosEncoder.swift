/// Turns a print document into the ESC/POS byte stream for one printer profile.
///
/// Text goes in the printer's font where it can (ASCII always; Chinese as GB18030/GBK when the
/// profile has a Chinese font, inside `FS &` … `FS .` when it asks for Kanji mode); everything
/// else is rendered with Pango and sent as `GS v 0` raster images.
///
/// ```swift
/// let bytes = try EscPosEncoder(profile: profile).encode(document)
/// try await transport.send(bytes)
/// ```
public struct EscPosEncoder: Sendable {
    public let profile: PrinterProfile
    public var rasterizer: TextRasterizer
    let planner: PrintPlanner
    /// The bytes of text elements and rules already encoded: most of a ticket's lines are the same on
    /// every ticket (the hall's name, the service, its materials, the notices), and wrapping,
    /// encoding and planning them again, band by band, was a twentieth of the hall's processor time
    /// under a burst of tickets.
    private let encoded = RecentElements<[UInt8]>()

    public init(profile: PrinterProfile, rasterizer: TextRasterizer = TextRasterizer()) {
        self.profile = profile
        self.rasterizer = rasterizer
        self.planner = PrintPlanner(profile: profile)
    }

    /// The complete job: `ESC @`, the document, and the cut if the document asks for one.
    public func encode(_ document: PrintDocument) throws -> [UInt8] {
        var out = EscPos.initialize
        out.reserveCapacity(1_024)
        if let table = profile.text.codePage { out += EscPos.codePage(table) }
        for element in document.elements {
            let reused: Bool
            switch element {
            case .text, .rule: reused = true
            default: reused = false
            }
            if reused, let bytes = encoded[element] {
                out += bytes
                continue
            }
            let start = out.count
            for band in try planner.plan(element) { out += try encode(band) }
            if reused { encoded[element] = Array(out[start...]) }
        }
        return out
    }

    /// Encodes the document in pieces and hands each to `sink` as soon as it is ready, so the
    /// first bytes reach the transport before the rest is rendered.
    public func encode(_ document: PrintDocument, sink: ([UInt8]) throws -> Void) throws {
        var header = EscPos.initialize
        if let table = profile.text.codePage { header += EscPos.codePage(table) }
        try sink(header)
        for band in try planner.plan(document) { try sink(try encode(band)) }
    }

    func encode(_ band: PrintBand) throws -> [UInt8] {
        switch band {
        case .nativeText(_, let bytes, let style, let doubleByte):
            var out = EscPos.lineSpacing(dots: TextRasterizer.lineHeight(heightScale: style.heightScale))
            out += EscPos.align(style.alignment) + EscPos.bold(style.bold)
            out += EscPos.characterSize(width: style.widthScale, height: style.heightScale)
            let kanji = doubleByte && profile.text.kanjiMode
            if kanji { out += EscPos.kanjiModeOn }
            out += bytes
            if kanji { out += EscPos.kanjiModeOff }
            out += EscPos.lineFeed
            return out
        case .rasterText(let line, let style):
            let bitmap = rasterizer.render(line, style: style, paperWidth: profile.widthDots).bitmap
            return raster(bitmap)
        case .nativeQR(let payload, let moduleSize, let ecc, let alignment):
            return EscPos.align(alignment)
                + EscPos.qrCode(Array(payload.utf8), moduleSize: moduleSize, errorCorrection: ecc)
                + EscPos.align(.left)
        case .nativeBarcode(let symbol, let height, let alignment):
            return EscPos.align(alignment) + EscPos.barcode(symbol, height: height)
                + EscPos.lineFeed + EscPos.align(.left)
        case .rasterBarcode(let symbol, let height, let alignment):
            let image = try symbol.printedBitmap(
                height: height, alignment: alignment, paperWidth: profile.widthDots, rasterizer: rasterizer)
            return raster(image) + EscPos.lineFeed
        case .raster(let bitmap):
            return raster(bitmap)
        case .feed(let lines):
            return EscPos.feed(lines: lines)
        case .cut(let mode):
            guard let mode else { return EscPos.feed(lines: profile.feedBeforeCut) }
            return EscPos.feed(lines: profile.feedBeforeCut) + EscPos.cut(mode)
        }
    }

    /// `GS v 0` images, split into chunks the firmware accepts; left-aligned (the bitmap is already placed).
    func raster(_ bitmap: Bitmap) -> [UInt8] {
        var out = EscPos.align(.left)
        var row = 0
        while row < bitmap.height {
            let end = min(row + profile.rasterMaxRows, bitmap.height)
            out += EscPos.rasterImage(bitmap.rows(row..<end))
            row = end
        }
        return out
    }
}
