import Testing

@testable import HallDevices

@Suite("ESC/POS commands are byte-exact")
struct EscPosCommandTests {
    @Test func initialize() { #expect(EscPos.initialize == [0x1B, 0x40]) }

    @Test func characterSize() {
        #expect(EscPos.characterSize(width: 1, height: 1) == [0x1D, 0x21, 0x00])
        #expect(EscPos.characterSize(width: 2, height: 2) == [0x1D, 0x21, 0x11])
        #expect(EscPos.characterSize(width: 4, height: 3) == [0x1D, 0x21, 0x32])
        #expect(EscPos.characterSize(width: 8, height: 8) == [0x1D, 0x21, 0x77])
        #expect(EscPos.characterSize(width: 12, height: 0) == [0x1D, 0x21, 0x70], "clamped to 1…8")
    }

    @Test func alignment() {
        #expect(EscPos.align(.left) == [0x1B, 0x61, 0x00])
        #expect(EscPos.align(.center) == [0x1B, 0x61, 0x01])
        #expect(EscPos.align(.right) == [0x1B, 0x61, 0x02])
    }

    @Test func bold() {
        #expect(EscPos.bold(true) == [0x1B, 0x45, 0x01])
        #expect(EscPos.bold(false) == [0x1B, 0x45, 0x00])
    }

    @Test func feedAndSpacing() {
        #expect(EscPos.feed(lines: 3) == [0x1B, 0x64, 0x03])
        #expect(EscPos.feed(lines: 300) == [0x1B, 0x64, 0xFF])
        #expect(EscPos.lineFeed == [0x0A])
        #expect(EscPos.lineSpacing(dots: 30) == [0x1B, 0x33, 30])
        #expect(EscPos.lineSpacing(dots: nil) == [0x1B, 0x32])
    }

    @Test func kanjiModeAndCodePage() {
        #expect(EscPos.kanjiModeOn == [0x1C, 0x26])
        #expect(EscPos.kanjiModeOff == [0x1C, 0x2E])
        #expect(EscPos.codePage(0) == [0x1B, 0x74, 0x00])
        #expect(EscPos.codePage(16) == [0x1B, 0x74, 0x10])
    }

    @Test func cut() {
        #expect(EscPos.cut(.full) == [0x1D, 0x56, 0x00])
        #expect(EscPos.cut(.partial) == [0x1D, 0x56, 0x01])
        #expect(EscPos.cut(.full, feed: 3) == [0x1D, 0x56, 0x41, 0x03])
        #expect(EscPos.cut(.partial, feed: 0) == [0x1D, 0x56, 0x42, 0x00])
    }

    @Test func rasterImage() {
        var b = Bitmap(width: 10, height: 2)
        b[0, 0] = true
        b[9, 1] = true
        #expect(EscPos.rasterImage(b) == [0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x40])
        let tall = Bitmap(width: 576, height: 300)
        #expect(Array(EscPos.rasterImage(tall).prefix(8)) == [0x1D, 0x76, 0x30, 0x00, 72, 0, 0x2C, 0x01])
    }

    @Test func qrCode() {
        let bytes = EscPos.qrCode(Array("A12".utf8), moduleSize: 6, errorCorrection: .medium)
        #expect(
            bytes == [
                0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,  // fn 165: model 2
                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,  // fn 167: module size 6
                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,  // fn 169: level M
                0x1D, 0x28, 0x6B, 0x06, 0x00, 0x31, 0x50, 0x30, 0x41, 0x31, 0x32,  // fn 180: store "A12"
                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,  // fn 181: print
            ])
        let long = EscPos.qrCode([UInt8](repeating: 0x41, count: 300), moduleSize: 3, errorCorrection: .high)
        #expect(long[17 + 7] == 0x33, "level H")
        #expect(Array(long[25..<30]) == [0x1D, 0x28, 0x6B, 0x2F, 0x01], "pL pH = 303 little-endian")
    }

    @Test func barcode() {
        #expect(
            EscPos.barcode(Array("A01".utf8), .code128, height: 60)
                == [0x1D, 0x68, 60, 0x1D, 0x77, 2, 0x1D, 0x48, 2, 0x1D, 0x6B, 73, 5, 0x7B, 0x42, 0x41, 0x30, 0x31])
        #expect(
            EscPos.barcode(Array("12".utf8), .code39, height: 80, moduleWidth: 3)
                == [0x1D, 0x68, 80, 0x1D, 0x77, 3, 0x1D, 0x48, 2, 0x1D, 0x6B, 69, 2, 0x31, 0x32])
        #expect(EscPos.barcode(Array("4006381333931".utf8), .ean13, height: 50)[11] == 67)
    }

    @Test func realtimeStatus() {
        #expect(EscPos.realtimeStatus(1) == [0x10, 0x04, 0x01])
        #expect(EscPos.realtimeStatus(4) == [0x10, 0x04, 0x04])
    }
}
