import CQrencode

/// QR codes drawn with libqrencode, for printers without `GS ( k` and for PNG renders.
public enum QRCodeRaster {
    public enum Failure: Error, Sendable, Equatable {
        case cannotEncode(String)
    }

    /// The symbol as a bitmap, `moduleSize` dots per module, no quiet zone (like printers print it).
    public static func bitmap(_ payload: String, moduleSize: Int, errorCorrection: QRErrorCorrection) throws -> Bitmap {
        let level: QRecLevel
        switch errorCorrection {
        case .low: level = QR_ECLEVEL_L
        case .medium: level = QR_ECLEVEL_M
        case .quartile: level = QR_ECLEVEL_Q
        case .high: level = QR_ECLEVEL_H
        }
        // Byte mode over UTF-8, like the printer's GS ( k store (fn 180) receives it.
        guard let code = QRcode_encodeString8bit(payload, 0, level) else { throw Failure.cannotEncode(payload) }
        defer { QRcode_free(code) }
        let n = Int(code.pointee.width), m = max(moduleSize, 1)
        var bitmap = Bitmap(width: n * m, height: n * m)
        for y in 0..<n {
            for x in 0..<n where code.pointee.data[y * n + x] & 1 != 0 {
                bitmap.fill(x: x * m, y: y * m, width: m, height: m)
            }
        }
        return bitmap
    }
}
