/// ESC/POS command bytes, one function per command. Every function is byte-exact and tested.
///
/// References: Epson's ESC/POS command reference (public), read alongside python-escpos and escpos-php.
public enum EscPos {
    public static let esc: UInt8 = 0x1B, gs: UInt8 = 0x1D, fs: UInt8 = 0x1C, dle: UInt8 = 0x10

    /// `ESC @`: initialise the printer (clears modes, buffer untouched).
    public static let initialize: [UInt8] = [esc, 0x40]
    /// `LF`: print the buffer and feed one line.
    public static let lineFeed: [UInt8] = [0x0A]

    /// `GS ! n`: character size, width and height multipliers 1…8.
    public static func characterSize(width: Int, height: Int) -> [UInt8] {
        let w = UInt8(min(max(width, 1), 8) - 1), h = UInt8(min(max(height, 1), 8) - 1)
        return [gs, 0x21, (w << 4) | h]
    }

    /// `ESC a n`: justification.
    public static func align(_ alignment: PrintAlignment) -> [UInt8] {
        switch alignment {
        case .left: return [esc, 0x61, 0]
        case .center: return [esc, 0x61, 1]
        case .right: return [esc, 0x61, 2]
        }
    }

    /// `ESC E n`: emphasized (bold) on or off.
    public static func bold(_ on: Bool) -> [UInt8] { [esc, 0x45, on ? 1 : 0] }

    /// `ESC d n`: print and feed n lines (0…255).
    public static func feed(lines: Int) -> [UInt8] { [esc, 0x64, UInt8(min(max(lines, 0), 255))] }

    /// `ESC 3 n`: line spacing in dots; `ESC 2`: default spacing.
    public static func lineSpacing(dots: Int?) -> [UInt8] {
        guard let dots else { return [esc, 0x32] }
        return [esc, 0x33, UInt8(min(max(dots, 0), 255))]
    }

    /// `ESC t n`: select the single-byte character code table (code page).
    public static func codePage(_ table: UInt8) -> [UInt8] { [esc, 0x74, table] }

    /// `FS &`: Kanji (two-byte, here GB18030/GBK) character mode on.
    public static let kanjiModeOn: [UInt8] = [fs, 0x26]
    /// `FS .`: Kanji character mode off.
    public static let kanjiModeOff: [UInt8] = [fs, 0x2E]

    /// `GS V`: cut. With `feed`, function B (`GS V 65/66 n`): feed n dots… lines to the cutter, then cut.
    public static func cut(_ mode: CutMode, feed: Int? = nil) -> [UInt8] {
        if let feed {
            return [gs, 0x56, mode == .full ? 0x41 : 0x42, UInt8(min(max(feed, 0), 255))]
        }
        return [gs, 0x56, mode == .full ? 0x00 : 0x01]
    }

    /// `GS v 0 m xL xH yL yH d…`: print a raster bit image, normal density.
    public static func rasterImage(_ bitmap: Bitmap) -> [UInt8] {
        let x = bitmap.rowBytes, y = bitmap.height
        return [gs, 0x76, 0x30, 0x00, UInt8(x & 0xFF), UInt8(x >> 8), UInt8(y & 0xFF), UInt8(y >> 8)] + bitmap.bits
    }

    /// `GS ( k`: store and print a QR code (model 2) natively.
    /// Functions 165 (model), 167 (module size), 169 (error correction), 180 (store), 181 (print).
    public static func qrCode(_ payload: [UInt8], moduleSize: Int, errorCorrection: QRErrorCorrection) -> [UInt8] {
        let size = UInt8(min(max(moduleSize, 1), 16))
        let level: UInt8
        switch errorCorrection {
        case .low: level = 48
        case .medium: level = 49
        case .quartile: level = 50
        case .high: level = 51
        }
        let storeLength = payload.count + 3
        var out: [UInt8] = []
        out += [gs, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        out += [gs, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, size]
        out += [gs, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, level]
        out += [gs, 0x28, 0x6B, UInt8(storeLength & 0xFF), UInt8(storeLength >> 8), 0x31, 0x50, 0x30] + payload
        out += [gs, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
        return out
    }

    /// `GS h n`, `GS w n`, `GS H 2`, then `GS k m n d…` (function B): a barcode with text below.
    /// CODE128 data is sent in code set B (`{B` prefix, a literal `{` doubled as `{{`).
    public static func barcode(
        _ value: [UInt8], _ symbology: BarcodeSymbology, height: Int, moduleWidth: Int = BarcodeSymbol.defaultModuleWidth
    )
        -> [UInt8]
    {
        let m: UInt8
        var data = value
        switch symbology {
        case .ean13: m = 67
        case .code39: m = 69
        case .code128:
            m = 73
            data = [0x7B, 0x42] + value.flatMap { $0 == 0x7B ? [0x7B, 0x7B] : [$0] }
        }
        return barcode(function: m, data: data, height: height, moduleWidth: moduleWidth)
    }

    /// A validated barcode: its own `GS k` data (CODE128 with the code sets the renderer draws).
    public static func barcode(_ symbol: BarcodeSymbol, height: Int, moduleWidth: Int = BarcodeSymbol.defaultModuleWidth) -> [UInt8] {
        barcode(function: symbol.escPosFunction, data: symbol.escPosData, height: height, moduleWidth: moduleWidth)
    }

    static func barcode(function m: UInt8, data: [UInt8], height: Int, moduleWidth: Int) -> [UInt8] {
        [gs, 0x68, UInt8(min(max(height, 1), 255))] + [gs, 0x77, UInt8(BarcodeSymbol.clampedModuleWidth(moduleWidth))]
            + [gs, 0x48, 0x02] + [gs, 0x6B, m, UInt8(min(data.count, 255))] + data.prefix(255)
    }

    /// `DLE EOT n`: transmit real-time status n (1 printer, 2 offline cause, 3 error cause, 4 paper sensor).
    public static func realtimeStatus(_ n: UInt8) -> [UInt8] { [dle, 0x04, n] }
}
