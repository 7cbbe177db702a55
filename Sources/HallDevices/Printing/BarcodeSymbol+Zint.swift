import CZint

extension BarcodeSymbol {
    /// The bars alone, `moduleWidth` dots a module (libzint's narrow element for CODE39), `height`
    /// dots high, without quiet zones: drawn by libzint's `ZBarcode_Buffer` (Debian's libzint).
    public func bars(moduleWidth: Int = BarcodeSymbol.defaultModuleWidth, height: Int) throws -> Bitmap {
        let row = try ZintRaster.barRow(value, symbology, moduleWidth: Self.clampedModuleWidth(moduleWidth))
        var out = Bitmap(width: row.count, height: max(height, 1))
        var x = 0
        while x < row.count {
            guard row[x] else {
                x += 1
                continue
            }
            var end = x
            while end < row.count && row[end] { end += 1 }
            out.fill(x: x, y: 0, width: end - x, height: out.height)
            x = end
        }
        return out
    }
}

/// The one place libzint is called: encode, draw into its RGB buffer, read one row of bars back.
enum ZintRaster {
    /// One row across the bars, black = true, from the first bar to the last.
    static func barRow(_ value: String, _ symbology: BarcodeSymbology, moduleWidth: Int) throws -> [Bool] {
        guard let symbol = ZBarcode_Create() else {
            throw BarcodeError(symbology: symbology, value: value, reason: "libzint could not allocate a symbol")
        }
        defer { ZBarcode_Delete(symbol) }
        symbol.pointee.symbology = symbology.zintSymbology
        symbol.pointee.show_hrt = 0  // the text below the bars is drawn in the printer's font A
        symbol.pointee.scale = Float(moduleWidth) / 2  // libzint's raster: 2 pixels a module at scale 1
        symbol.pointee.height = 10
        let bytes = Array(value.utf8)
        let rc = ZBarcode_Encode_and_Buffer(symbol, bytes, Int32(bytes.count), 0)
        guard rc < ZINT_ERROR, let bitmap = symbol.pointee.bitmap else {
            let text = withUnsafeBytes(of: symbol.pointee.errtxt) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw BarcodeError(symbology: symbology, value: value, reason: "libzint: \(text) (\(rc))")
        }
        let width = Int(symbol.pointee.bitmap_width)
        // Row 0 crosses every bar (EAN guard bars only reach further down); one RGB triple a pixel.
        let row = (0..<width).map { bitmap[3 * $0] < 128 }
        guard let first = row.firstIndex(of: true), let last = row.lastIndex(of: true) else {
            throw BarcodeError(symbology: symbology, value: value, reason: "libzint drew no bars")
        }
        return Array(row[first...last])
    }
}

extension BarcodeSymbology {
    var zintSymbology: Int32 {
        switch self {
        case .code39: BARCODE_CODE39
        case .code128: BARCODE_CODE128
        case .ean13: BARCODE_EANX
        }
    }
}
