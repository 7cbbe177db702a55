/// One scanned page: 8-bit grey or RGB pixels, rows packed without padding.
public struct ScannedPage: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable, Codable {
        case gray8, rgb8

        public var bytesPerPixel: Int { self == .gray8 ? 1 : 3 }
    }

    public var width: Int
    public var height: Int
    public var format: Format
    /// Dots per inch across and down, as the scanner was set.
    public var xResolution: Double
    public var yResolution: Double
    public var pixels: [UInt8]

    public init(width: Int, height: Int, format: Format, xResolution: Double, yResolution: Double, pixels: [UInt8]) {
        precondition(pixels.count == width * height * format.bytesPerPixel, "pixel buffer does not match the size")
        self.width = width
        self.height = height
        self.format = format
        self.xResolution = xResolution
        self.yResolution = yResolution
        self.pixels = pixels
    }

    /// Size on paper in PDF points (1/72 inch).
    public var widthInPoints: Double { Double(width) * 72 / xResolution }
    public var heightInPoints: Double { Double(height) * 72 / yResolution }
}

/// Turns the frames SANE sends for one page into a `ScannedPage`: grey or RGB in one frame, or three
/// single-colour frames (three-pass scanners); depth 1 (1 = black), 8 or 16 (host byte order).
struct PageAssembler {
    private var width = 0
    private var height = 0
    private var isColor = false
    private var pixels: [UInt8] = []
    private var receivedChannels: Set<Int> = []

    var isEmpty: Bool { receivedChannels.isEmpty }

    mutating func add(frame data: [UInt8], parameters: SaneFrameParameters) throws {
        guard parameters.bytesPerLine > 0, parameters.pixelsPerLine > 0 else {
            throw ScanError(.unsupportedImage, detail: "empty frame geometry")
        }
        let lines = data.count / parameters.bytesPerLine
        guard lines > 0 else { throw ScanError(.unsupportedImage, detail: "frame without a whole line") }
        let channel: Int?
        switch parameters.format {
        case .gray, .rgb: channel = nil
        case .red: channel = 0
        case .green: channel = 1
        case .blue: channel = 2
        }
        if receivedChannels.isEmpty {
            width = parameters.pixelsPerLine
            height = lines
            isColor = parameters.format != .gray
            pixels = [UInt8](repeating: 0, count: width * height * (isColor ? 3 : 1))
        } else {
            guard let channel, isColor, !receivedChannels.contains(channel), parameters.pixelsPerLine == width else {
                throw ScanError(.unsupportedImage, detail: "unexpected frame \(parameters.format)")
            }
            height = min(height, lines)
        }
        let samplesPerPixel = parameters.format == .rgb ? 3 : 1
        let depth = parameters.depth
        guard [1, 8, 16].contains(depth) else { throw ScanError(.unsupportedImage, detail: "depth \(depth)") }
        let outputStride = isColor ? 3 : 1
        if depth == 8, channel == nil {
            // The common case: whole rows copied as they are, less the padding.
            let rowBytes = width * samplesPerPixel
            for y in 0..<height {
                let row = y * parameters.bytesPerLine
                pixels.replaceSubrange((y * rowBytes)..<((y + 1) * rowBytes), with: data[row..<(row + rowBytes)])
            }
            receivedChannels.formUnion([0, 1, 2])
            return
        }
        data.withUnsafeBytes { raw in
            pixels.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let row = y * parameters.bytesPerLine
                    for x in 0..<width {
                        for s in 0..<samplesPerPixel {
                            let sampleIndex = x * samplesPerPixel + s
                            let value: UInt8
                            switch depth {
                            case 8: value = raw[row + sampleIndex]
                            case 16: value = UInt8(raw.loadUnaligned(fromByteOffset: row + sampleIndex * 2, as: UInt16.self) >> 8)
                            default: value = (raw[row + sampleIndex / 8] >> (7 - UInt8(sampleIndex % 8))) & 1 == 1 ? 0 : 255
                            }
                            let target = (y * width + x) * outputStride + (channel ?? s)
                            out[target] = value
                        }
                    }
                }
            }
        }
        receivedChannels.formUnion(channel.map { [$0] } ?? [0, 1, 2])
    }

    /// True once a whole page is in (one grey/RGB frame, or all three colour frames).
    var isComplete: Bool { receivedChannels.count == 3 || (!isColor && !receivedChannels.isEmpty) }

    func page(xResolution: Double, yResolution: Double) -> ScannedPage {
        let bytes = isColor ? 3 : 1
        return ScannedPage(
            width: width, height: height, format: isColor ? .rgb8 : .gray8,
            xResolution: xResolution, yResolution: yResolution,
            pixels: Array(pixels.prefix(width * height * bytes))
        )
    }
}
