/// Horizontal placement of a line, a QR code, a barcode or an image on the paper.
public enum PrintAlignment: String, Sendable, Hashable, CaseIterable {
    case left, center, right
}

/// How a run of text looks: alignment, emphasis and the character magnification (1…8 each way).
public struct TextStyle: Sendable, Hashable {
    public var alignment: PrintAlignment
    public var bold: Bool
    public var widthScale: Int
    public var heightScale: Int

    public init(alignment: PrintAlignment = .left, bold: Bool = false, widthScale: Int = 1, heightScale: Int = 1) {
        self.alignment = alignment
        self.bold = bold
        self.widthScale = min(max(widthScale, 1), 8)
        self.heightScale = min(max(heightScale, 1), 8)
    }

    /// The style of a ticket's big queue number: centred, bold, four times wide and high.
    public static let bigNumber = TextStyle(alignment: .center, bold: true, widthScale: 4, heightScale: 4)
}

/// Error-correction level of a QR code (ISO/IEC 18004).
public enum QRErrorCorrection: String, Sendable, Hashable, CaseIterable {
    case low = "L", medium = "M", quartile = "Q", high = "H"
}

/// One-dimensional barcode symbologies the encoder can send with `GS k`.
public enum BarcodeSymbology: String, Sendable, Hashable, CaseIterable {
    case code39, code128, ean13
}

/// Full cut or partial cut (one point left uncut).
public enum CutMode: String, Sendable, Hashable {
    case full, partial
}

/// One element of a print document, in paper order.
public enum PrintElement: Sendable, Hashable {
    /// A paragraph of text; it is wrapped to the paper width (CJK characters count two columns).
    case text(String, TextStyle)
    /// A horizontal rule across the paper made of `character`.
    case rule(Character)
    /// A QR code; `moduleSize` is the size of one module in dots.
    case qrCode(String, moduleSize: Int, errorCorrection: QRErrorCorrection, alignment: PrintAlignment)
    /// A barcode with human-readable text below it; `height` in dots.
    case barcode(String, BarcodeSymbology, height: Int, alignment: PrintAlignment)
    /// A monochrome image (a logo).
    case image(Bitmap, alignment: PrintAlignment)
    /// Blank lines.
    case feed(lines: Int)
    /// Cut the paper (after feeding it past the cutter).
    case cut(CutMode)
}

/// What is to be printed: a list of elements, independent of any printer.
///
/// ```swift
/// var doc = PrintDocument()
/// doc.text("城关镇便民服务中心", style: TextStyle(alignment: .center, bold: true))
/// doc.text("A012", style: .bigNumber)
/// doc.qrCode("https://hall.example/v/A012")
/// doc.cut()
/// ```
public struct PrintDocument: Sendable, Hashable {
    public var elements: [PrintElement]

    public init(_ elements: [PrintElement] = []) {
        self.elements = elements
    }

    public mutating func text(_ text: String, style: TextStyle = TextStyle()) {
        elements.append(.text(text, style))
    }

    public mutating func rule(_ character: Character = "-") {
        elements.append(.rule(character))
    }

    public mutating func qrCode(
        _ payload: String, moduleSize: Int = 6, errorCorrection: QRErrorCorrection = .medium,
        alignment: PrintAlignment = .center
    ) {
        elements.append(.qrCode(payload, moduleSize: moduleSize, errorCorrection: errorCorrection, alignment: alignment))
    }

    public mutating func barcode(
        _ value: String, _ symbology: BarcodeSymbology = .code128, height: Int = 80, alignment: PrintAlignment = .center
    ) {
        elements.append(.barcode(value, symbology, height: height, alignment: alignment))
    }

    public mutating func image(_ bitmap: Bitmap, alignment: PrintAlignment = .center) {
        elements.append(.image(bitmap, alignment: alignment))
    }

    public mutating func feed(_ lines: Int = 1) {
        elements.append(.feed(lines: lines))
    }

    public mutating func cut(_ mode: CutMode = .partial) {
        elements.append(.cut(mode))
    }
}
