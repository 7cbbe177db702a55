import Synchronization

/// How each element of a document goes to a given printer: in the printer's own font and
/// commands, or as raster images. The ESC/POS encoder and the PNG renderer both follow one plan,
/// so the PNG shows what the paper will show.
enum PrintBand: Sendable {
    /// One wrapped line in the printer's font; `bytes` already encoded, `doubleByte` = needs Kanji mode.
    case nativeText(String, bytes: [UInt8], style: TextStyle, doubleByte: Bool)
    /// One wrapped line drawn by us (no font on the printer, or characters its font lacks).
    case rasterText(String, style: TextStyle)
    case nativeQR(String, moduleSize: Int, errorCorrection: QRErrorCorrection, alignment: PrintAlignment)
    /// A barcode by `GS k` (the printer draws the bars and the text below them).
    case nativeBarcode(BarcodeSymbol, height: Int, alignment: PrintAlignment)
    /// A barcode drawn by us (profile `barcode: raster`), bars and text as one image.
    case rasterBarcode(BarcodeSymbol, height: Int, alignment: PrintAlignment)
    /// A bitmap already placed across the paper width.
    case raster(Bitmap)
    case feed(lines: Int)
    case cut(CutMode?)
}

struct PrintPlanner: Sendable {
    let profile: PrinterProfile
    let chinese: ChineseTextEncoder?

    init(profile: PrinterProfile) {
        self.profile = profile
        self.chinese = profile.text.chineseEncoding.map(ChineseTextEncoder.init)
    }

    func plan(_ document: PrintDocument) throws -> [PrintBand] {
        var bands: [PrintBand] = []
        for element in document.elements { bands += try plan(element) }
        return bands
    }

    /// The bands of one element.
    func plan(_ element: PrintElement) throws -> [PrintBand] {
        var bands: [PrintBand] = []
        switch element {
        case .text(let text, let style):
            // The encoder keeps the bytes of the lines it has seen (``EscPosEncoder``): it plans a
            // text only the first time, and the pictures are drawn when the printer is quiet.
            let columns = max(profile.widthDots / (12 * style.widthScale), 1)
            return TextWrapper.wrap(text, width: columns).map { textBand($0, style: style) }
        case .rule(let character):
            let w = TextWrapper.columns(of: String(character))
            let line = String(repeating: String(character), count: max(profile.columns / max(w, 1), 1))
            bands.append(textBand(line, style: TextStyle()))
        case .qrCode(let payload, let moduleSize, let ecc, let alignment):
            if profile.nativeQRCode {
                bands.append(.nativeQR(payload, moduleSize: moduleSize, errorCorrection: ecc, alignment: alignment))
            } else {
                let qr = try QRCodeRaster.bitmap(payload, moduleSize: moduleSize, errorCorrection: ecc)
                bands.append(.raster(qr.placed(in: profile.widthDots, alignment: alignment)))
            }
        case .barcode(let value, let symbology, let height, let alignment):
            // Validated here, so the encoder and the PNG renderer reject the same values.
            let symbol = try BarcodeSymbol(value, symbology)
            let width = symbol.width()
            guard width <= profile.widthDots else {
                throw BarcodeError(
                    symbology: symbology, value: value,
                    reason: "the bars are \(width) dots wide, the paper of \(profile.name) has \(profile.widthDots)")
            }
            bands.append(
                profile.nativeBarcode
                    ? .nativeBarcode(symbol, height: height, alignment: alignment)
                    : .rasterBarcode(symbol, height: height, alignment: alignment))
        case .image(let bitmap, let alignment):
            let fitted = bitmap.width > profile.widthDots ? bitmap.scaled(toWidth: profile.widthDots) : bitmap
            bands.append(.raster(fitted.placed(in: profile.widthDots, alignment: alignment)))
        case .feed(let lines):
            bands.append(.feed(lines: lines))
        case .cut(let mode):
            bands.append(.cut(profile.cut == nil ? nil : (mode == .full && profile.cut == .full ? .full : .partial)))
        }
        return bands
    }

    private func textBand(_ line: String, style: TextStyle) -> PrintBand {
        let ascii = line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 || $0 == "\t") }
        if ascii {
            return .nativeText(line, bytes: Array(line.utf8), style: style, doubleByte: false)
        }
        if let chinese, let bytes = chinese.encode(line) {
            return .nativeText(line, bytes: bytes, style: style, doubleByte: true)
        }
        return .rasterText(line, style: style)
    }
}

/// What was made for text elements lately (their bands, their bytes), by element, for one printer:
/// at most ``limit`` elements (then it starts again), so a day's varying lines (numbers, times)
/// cannot grow it.
final class RecentElements<Value: Sendable>: Sendable {
    var limit: Int { 512 }
    private let known = Mutex<[PrintElement: Value]>([:])

    subscript(element: PrintElement) -> Value? {
        get { known.withLock { $0[element] } }
        set {
            known.withLock { known in
                if known.count >= limit { known.removeAll(keepingCapacity: true) }
                known[element] = newValue
            }
        }
    }
}
