/// Turns the bytes of the bus, in whatever pieces they arrive, into frames.
///
/// It looks for `68 L L 68`, waits for the rest, and checks the end byte and the checksum. Bytes
/// between frames are dropped and counted; a frame with a bad checksum is dropped whole; a frame
/// whose end byte is missing was cut short (the next frame's start usually lies inside it), so only
/// its start byte is dropped and the search resumes right after it. A frame still incomplete when
/// the line goes quiet is dropped by ``flushIncomplete()``. Nothing in the input can make it trap.
///
/// ```swift
/// var decoder = BusFrameDecoder()
/// decoder.feed([0xFF, 0x68, 0x02, 0x02])          // []
/// decoder.feed([0x68, 0x03, 0x0C, 0x0F, 0x16])    // [BusFrame(address: 3, function: 0x0C)]
/// ```
public struct BusFrameDecoder: Sendable {
    public struct Counters: Sendable, Hashable {
        public var frames = 0
        public var badChecksums = 0
        public var truncatedFrames = 0
        /// Bytes that belonged to no frame (wake-up `FF`s not counted).
        public var garbageBytes = 0
    }

    public private(set) var counters = Counters()
    private var buffer: [UInt8] = []

    public init() {}

    /// True while part of a frame is waiting for more bytes.
    public var hasIncompleteFrame: Bool { buffer.contains(BusFrame.start) }

    /// Adds bytes and returns the frames they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [BusFrame] {
        buffer.append(contentsOf: bytes)
        var frames: [BusFrame] = []
        while let frame = nextFrame() { frames.append(frame) }
        return frames
    }

    /// The line went quiet: whatever part of a frame is pending will not be completed.
    public mutating func flushIncomplete() {
        if hasIncompleteFrame { counters.truncatedFrames += 1 }
        discard(buffer.count)
    }

    /// One pass: returns a frame, or nil when more bytes are needed.
    private mutating func nextFrame() -> BusFrame? {
        while true {
            guard let start = buffer.firstIndex(of: BusFrame.start) else {
                discard(buffer.count)
                return nil
            }
            discard(start)
            guard buffer.count >= 4 else { return nil }
            let length = Int(buffer[1])
            guard buffer[2] == buffer[1], buffer[3] == BusFrame.start,
                length >= 2, length <= 2 + BusFrame.maximumDataLength
            else {
                discard(1)
                continue
            }
            let total = 4 + length + 2
            guard buffer.count >= total else { return nil }
            guard buffer[total - 1] == BusFrame.end else {
                counters.truncatedFrames += 1
                buffer.removeFirst(1)
                continue
            }
            let body = buffer[4..<(4 + length)]
            guard BusFrame.checksum(of: body) == buffer[4 + length] else {
                counters.badChecksums += 1
                buffer.removeFirst(total)
                continue
            }
            let frame = BusFrame(address: body[body.startIndex], function: body[body.startIndex + 1], data: Array(body.dropFirst(2)))
            buffer.removeFirst(total)
            counters.frames += 1
            return frame
        }
    }

    private mutating func discard(_ count: Int) {
        guard count > 0 else { return }
        counters.garbageBytes += buffer[..<count].lazy.filter { $0 != BusFrame.preamble }.count
        buffer.removeFirst(count)
    }
}
