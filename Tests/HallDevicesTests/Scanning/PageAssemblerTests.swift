import Testing

@testable import HallDevices

@Suite("SANE frames to pages")
struct PageAssemblerTests {
    @Test("Padding at the end of each line is dropped")
    func padding() throws {
        var assembler = PageAssembler()
        let parameters = SaneFrameParameters(format: .gray, isLastFrame: true, bytesPerLine: 4, pixelsPerLine: 3, lines: 2, depth: 8)
        try assembler.add(frame: [1, 2, 3, 99, 4, 5, 6, 99], parameters: parameters)
        #expect(assembler.isComplete)
        #expect(assembler.page(xResolution: 300, yResolution: 300).pixels == [1, 2, 3, 4, 5, 6])
    }

    @Test("One bit per pixel: 1 is black")
    func lineart() throws {
        var assembler = PageAssembler()
        let parameters = SaneFrameParameters(format: .gray, isLastFrame: true, bytesPerLine: 2, pixelsPerLine: 10, lines: 1, depth: 1)
        try assembler.add(frame: [0b1010_0000, 0b0100_0000], parameters: parameters)
        #expect(assembler.page(xResolution: 1, yResolution: 1).pixels == [0, 255, 0, 255, 255, 255, 255, 255, 255, 0])
    }

    @Test("Sixteen bits per sample keep the high byte")
    func sixteenBit() throws {
        var assembler = PageAssembler()
        let parameters = SaneFrameParameters(format: .rgb, isLastFrame: true, bytesPerLine: 6, pixelsPerLine: 1, lines: 1, depth: 16)
        let samples: [UInt16] = [0x1234, 0xABCD, 0x00FF]
        try assembler.add(frame: samples.withUnsafeBytes { Array($0) }, parameters: parameters)
        #expect(assembler.page(xResolution: 1, yResolution: 1).pixels == [0x12, 0xAB, 0x00])
    }

    @Test("Three single-colour frames make one RGB page; a repeated colour is refused")
    func threeFrames() throws {
        var assembler = PageAssembler()
        func frame(_ format: SaneFrameParameters.Format, last: Bool = false) -> SaneFrameParameters {
            SaneFrameParameters(format: format, isLastFrame: last, bytesPerLine: 2, pixelsPerLine: 2, lines: 1, depth: 8)
        }
        try assembler.add(frame: [10, 11], parameters: frame(.green))
        #expect(!assembler.isComplete)
        #expect(throws: ScanError.self) { try assembler.add(frame: [1, 1], parameters: frame(.green)) }
        try assembler.add(frame: [20, 21], parameters: frame(.red))
        try assembler.add(frame: [30, 31], parameters: frame(.blue, last: true))
        #expect(assembler.isComplete)
        let page = assembler.page(xResolution: 1, yResolution: 1)
        #expect(page.format == .rgb8 && page.pixels == [20, 10, 30, 21, 11, 31])
    }
}
