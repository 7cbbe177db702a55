import Testing

@testable import HallDevices

@Suite("RS-485 bus frames")
struct BusFrameDecoderTests {
    @Test("A caller's call key encodes as the bus documents it")
    func encodesCallKey() {
        // ADDR 3 + FUNC 0x0C = 0x0F; L = 2.
        #expect(BusFrame(address: 3, function: 0x0C).encoded == [0xFF, 0x68, 0x02, 0x02, 0x68, 0x03, 0x0C, 0x0F, 0x16])
        // A rating reply with one data byte: L = 3, CS = 5 + 0x11 + 1 = 0x17.
        #expect(BusFrame(address: 5, function: 0x11, data: [1]).encoded == [0xFF, 0x68, 0x03, 0x03, 0x68, 0x05, 0x11, 0x01, 0x17, 0x16])
        // The checksum wraps modulo 256.
        #expect(BusFrame(address: 0xF0, function: 0x20, data: [0x10]).checksum == 0x20)
    }

    @Test("Frames split at every byte decode the same as whole")
    func splitFrames() {
        let frames = [
            BusFrame(address: 1, function: 0x0C), BusFrame(address: 2, function: 0x11, data: [4]),
            BusFrame(address: 9, function: 0x13, data: [7, 8]),
        ]
        let bytes = frames.flatMap(\.encoded)
        var decoder = BusFrameDecoder()
        var decoded: [BusFrame] = []
        for byte in bytes { decoded += decoder.feed([byte]) }
        #expect(decoded == frames)
        #expect(decoder.counters == .init(frames: 3, badChecksums: 0, truncatedFrames: 0, garbageBytes: 0))
    }

    @Test("A bad checksum drops that frame only")
    func badChecksum() {
        var bad = BusFrame(address: 1, function: 0x0C).encoded
        bad[7] &+= 1
        var decoder = BusFrameDecoder()
        let decoded = decoder.feed(bad + BusFrame(address: 1, function: 0x0D).encoded)
        #expect(decoded == [BusFrame(address: 1, function: 0x0D)])
        #expect(decoder.counters.badChecksums == 1)
    }

    @Test("A frame cut short is counted, and the frame after it still decodes")
    func truncatedThenValid() {
        let cut = Array(BusFrame(address: 4, function: 0x13, data: [1, 2, 3]).encoded.prefix(7))
        var decoder = BusFrameDecoder()
        let decoded = decoder.feed(cut + BusFrame(address: 4, function: 0x0C).encoded)
        #expect(decoded == [BusFrame(address: 4, function: 0x0C)])
        #expect(decoder.counters.truncatedFrames == 1)
    }

    @Test("A frame left incomplete when the line goes quiet is dropped as truncated")
    func flushIncomplete() {
        var decoder = BusFrameDecoder()
        #expect(decoder.feed(BusFrame(address: 4, function: 0x0C).encoded.prefix(5)).isEmpty)
        #expect(decoder.hasIncompleteFrame)
        decoder.flushIncomplete()
        #expect(!decoder.hasIncompleteFrame)
        #expect(decoder.counters.truncatedFrames == 1)
        #expect(decoder.feed(BusFrame(address: 4, function: 0x0D).encoded) == [BusFrame(address: 4, function: 0x0D)])
    }

    @Test("Line noise between frames is skipped and counted; wake-up FFs are not noise")
    func garbageBetweenFrames() {
        var decoder = BusFrameDecoder()
        let noise: [UInt8] = [0x00, 0x68, 0x05, 0x06, 0x68, 0x42, 0xFF, 0xFF]
        let decoded = decoder.feed(noise + BusFrame(address: 2, function: 0x0F).encoded + [0x13, 0x37])
        #expect(decoded == [BusFrame(address: 2, function: 0x0F)])
        // 00, the false start 68 and 05 06 68 42 … : everything but the FFs.
        #expect(decoder.counters.garbageBytes == 8)
        #expect(!decoder.hasIncompleteFrame)
    }

    @Test("Random bytes never trap and never produce a frame with a wrong checksum")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x5EED)
        var decoder = BusFrameDecoder()
        var total = 0
        for _ in 0..<2_000 {
            let chunk = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                // Bias towards the protocol's own bytes so headers and ends actually occur.
                [0x68, 0x16, 0xFF, 0x02, 0x03].randomElement(using: &generator)!
                    ^ (Bool.random(using: &generator) ? UInt8.random(in: 0...255, using: &generator) : 0)
            }
            for frame in decoder.feed(chunk) {
                total += 1
                #expect(frame.data.count <= BusFrame.maximumDataLength)
            }
        }
        #expect(decoder.counters.frames == total)
    }
}

/// A small seeded generator, so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
