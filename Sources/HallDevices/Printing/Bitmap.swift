/// A 1-bit image, rows packed most significant bit first, 1 = black: exactly the data of `GS v 0`.
public struct Bitmap: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Bytes per row: `(width + 7) / 8`.
    public let rowBytes: Int
    public private(set) var bits: [UInt8]

    /// A white bitmap.
    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.rowBytes = (self.width + 7) / 8
        self.bits = [UInt8](repeating: 0, count: rowBytes * self.height)
    }

    public subscript(x: Int, y: Int) -> Bool {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return false }
            return bits[y * rowBytes + x / 8] & (0x80 >> UInt8(x % 8)) != 0
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let mask: UInt8 = 0x80 >> UInt8(x % 8)
            if newValue { bits[y * rowBytes + x / 8] |= mask } else { bits[y * rowBytes + x / 8] &= ~mask }
        }
    }

    /// Fills a rectangle with black.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int) {
        for yy in max(y, 0)..<min(y + h, height) {
            for xx in max(x, 0)..<min(x + w, width) { self[xx, yy] = true }
        }
    }

    /// Copies `other` into this bitmap with its top-left corner at (x, y) (black pixels only).
    public mutating func draw(_ other: Bitmap, x: Int, y: Int) {
        for oy in 0..<other.height where y + oy >= 0 && y + oy < height {
            for ox in 0..<other.width where other[ox, oy] { self[x + ox, y + oy] = true }
        }
    }

    /// Rows `from..<to` as a new bitmap.
    public func rows(_ range: Range<Int>) -> Bitmap {
        let lower = max(range.lowerBound, 0), upper = min(range.upperBound, height)
        var out = Bitmap(width: width, height: max(upper - lower, 0))
        if upper > lower { out.bits = Array(bits[(lower * rowBytes)..<(upper * rowBytes)]) }
        return out
    }

    /// Number of black pixels (used by tests to prove something was drawn).
    public var blackPixelCount: Int {
        bits.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// This bitmap placed in a band `paperWidth` dots wide with the given alignment.
    public func placed(in paperWidth: Int, alignment: PrintAlignment) -> Bitmap {
        guard paperWidth != width else { return self }
        var band = Bitmap(width: paperWidth, height: height)
        let x: Int
        switch alignment {
        case .left: x = 0
        case .center: x = (paperWidth - width) / 2
        case .right: x = paperWidth - width
        }
        band.draw(self, x: x, y: 0)
        return band
    }

    /// Stacks bitmaps vertically on a paper `width` dots wide.
    public static func stack(_ parts: [Bitmap], width: Int) -> Bitmap {
        var out = Bitmap(width: width, height: parts.reduce(0) { $0 + $1.height })
        var y = 0
        for part in parts {
            if part.width == width {
                out.bits.replaceSubrange((y * out.rowBytes)..<((y + part.height) * out.rowBytes), with: part.bits)
            } else {
                out.draw(part, x: 0, y: y)
            }
            y += part.height
        }
        return out
    }

    /// Nearest-neighbour scaling to `newWidth` dots, keeping the aspect ratio.
    public func scaled(toWidth newWidth: Int) -> Bitmap {
        guard width > 0, newWidth > 0 else { return self }
        let newHeight = max(height * newWidth / width, 1)
        var out = Bitmap(width: newWidth, height: newHeight)
        for y in 0..<newHeight {
            for x in 0..<newWidth where self[x * width / newWidth, y * height / newHeight] { out[x, y] = true }
        }
        return out
    }
}
