import Testing

@testable import HallDevices

@Suite("Encoding documents for a printer")
struct EscPosEncoderTests {
    static let chineseFont = PrinterProfile(
        id: "t-gb", name: "GB18030 printer", match: USBMatchRule(vendorID: 1, productID: 1), widthDots: 384,
        text: TextCapabilities(chineseEncoding: .gb18030, kanjiMode: true), cut: .partial, feedBeforeCut: 3)
    static let noFont = PrinterProfile(
        id: "t-raster", name: "raster printer", match: USBMatchRule(vendorID: 1, productID: 2), widthDots: 384,
        text: TextCapabilities(), cut: nil, feedBeforeCut: 2, nativeQRCode: false)

    @Test func asciiTextIsSentInThePrintersFont() throws {
        var doc = PrintDocument()
        doc.text("A012", style: TextStyle(alignment: .center, bold: true, widthScale: 2, heightScale: 2))
        let bytes = try EscPosEncoder(profile: Self.noFont).encode(doc)
        #expect(
            bytes == [0x1B, 0x40, 0x1B, 0x33, 54, 0x1B, 0x61, 1, 0x1B, 0x45, 1, 0x1D, 0x21, 0x11]
                + Array("A012".utf8) + [0x0A])
    }

    @Test("a printer's encoder gives a ticket the same bytes every time, before and after it has planned more texts than it keeps")
    func plannedTextsGiveTheSameBytes() throws {
        func ticket(_ number: Int) -> PrintDocument {
            var doc = PrintDocument()
            doc.text("社会保障待遇资格认证及养老金领取需携带居民身份证原件、户口簿及银行卡")
            doc.text("A\(number)", style: TextStyle(alignment: .center, bold: true, widthScale: 2, heightScale: 2))
            doc.rule("-")
            doc.text("前方等待 \(number) 人")
            doc.rule("=")
            doc.cut()
            return doc
        }
        let printer = EscPosEncoder(profile: Self.chineseFont)
        for number in 0..<(RecentElements<[UInt8]>().limit + 40) {
            // A fresh encoder has planned nothing: its bytes are the reference.
            let reference = try EscPosEncoder(profile: Self.chineseFont).encode(ticket(number))
            #expect(try printer.encode(ticket(number)) == reference, "ticket \(number)")
        }
        #expect(try printer.encode(ticket(7)) == EscPosEncoder(profile: Self.chineseFont).encode(ticket(7)))
    }

    @Test func chineseGoesAsGB18030InKanjiMode() throws {
        var doc = PrintDocument()
        doc.text("中文¥5")
        doc.cut()
        let bytes = try EscPosEncoder(profile: Self.chineseFont).encode(doc)
        let expected: [UInt8] =
            [0x1B, 0x40, 0x1B, 0x33, 30, 0x1B, 0x61, 0, 0x1B, 0x45, 0, 0x1D, 0x21, 0x00, 0x1C, 0x26]
            + [0xD6, 0xD0, 0xCE, 0xC4, 0xA3, 0xA4, 0x35]  // 中 文 ￥(substituted for ¥) 5
            + [0x1C, 0x2E, 0x0A] + [0x1B, 0x64, 3, 0x1D, 0x56, 0x01]
        #expect(bytes == expected)
    }

    @Test func gbkEncoderRefusesWhatTheFontLacks() {
        let gbk = ChineseTextEncoder(.gbk)
        #expect(gbk.encode("请取号") == [0xC7, 0xEB, 0xC8, 0xA1, 0xBA, 0xC5])
        #expect(gbk.encode("¥") == [0xA3, 0xA4])
        #expect(gbk.encode("😀") == nil)
        let gb = ChineseTextEncoder(.gb18030)
        #expect(gb.encode("㐀") == [0x81, 0x39, 0xEE, 0x39], "CJK Ext. A is in printer fonts")
        #expect(gb.encode("𠀀") == nil, "Ext. B (four-byte) is not")
    }

    @Test func linesTheFontCannotPrintAreRastered() throws {
        var doc = PrintDocument()
        doc.text("号码 😀")
        let bytes = try EscPosEncoder(profile: Self.chineseFont).encode(doc)
        // ESC @, ESC a 0, then GS v 0 with 48 bytes per row and 30 rows.
        #expect(Array(bytes.prefix(13)) == [0x1B, 0x40, 0x1B, 0x61, 0, 0x1D, 0x76, 0x30, 0, 48, 0, 30, 0])
        #expect(bytes.count == 13 + 48 * 30)
        // The length proves nothing else (no FS &, no text bytes) was sent.
    }

    @Test func withoutAChineseFontChineseIsRasteredButAsciiIsNot() throws {
        var doc = PrintDocument()
        doc.text("过号请重新取号", style: TextStyle(alignment: .center))
        doc.text("OK")
        let bytes = try EscPosEncoder(profile: Self.noFont).encode(doc)
        #expect(Array(bytes[2..<13]) == [0x1B, 0x61, 0, 0x1D, 0x76, 0x30, 0, 48, 0, 30, 0])
        let image = Array(bytes[13..<(13 + 48 * 30)])
        #expect(image.contains { $0 != 0 }, "the raster carries the drawn text")
        #expect(Array(bytes.suffix(3)) == Array("OK\n".utf8))
    }

    @Test func qrIsNativeOrRasteredByProfile() throws {
        var doc = PrintDocument()
        doc.qrCode("https://hall.example/v/A012", moduleSize: 4)
        let native = try EscPosEncoder(profile: Self.chineseFont).encode(doc)
        #expect(Array(native[2..<5]) == [0x1B, 0x61, 1])
        #expect(Array(native[5..<14]) == [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])
        let raster = try EscPosEncoder(profile: Self.noFont).encode(doc)
        let qr = try QRCodeRaster.bitmap("https://hall.example/v/A012", moduleSize: 4, errorCorrection: .medium)
        #expect(qr.width == 29 * 4, "version 3 symbol, 29 modules")
        #expect(Array(raster[5..<13]) == [0x1D, 0x76, 0x30, 0, 48, 0, UInt8(qr.height), 0])
        #expect(Array(raster[13...]) == qr.placed(in: 384, alignment: .center).bits)
    }

    @Test func tallImagesAreSplitForTheFirmware() throws {
        var profile = Self.noFont
        profile.rasterMaxRows = 100
        var logo = Bitmap(width: 384, height: 250)
        logo.fill(x: 0, y: 0, width: 384, height: 250)
        let bytes = try EscPosEncoder(profile: profile).encode(PrintDocument([.image(logo, alignment: .left)]))
        let headers = [(5, 100), (5 + 8 + 4800, 100), (5 + 2 * (8 + 4800), 50)]
        for (offset, rows) in headers {
            #expect(Array(bytes[offset..<(offset + 8)]) == [0x1D, 0x76, 0x30, 0, 48, 0, UInt8(rows), 0])
        }
        #expect(bytes.count == 5 + 3 * 8 + 250 * 48)
    }

    @Test func cutFollowsTheProfile() throws {
        let doc = PrintDocument([.cut(.full)])
        #expect(try EscPosEncoder(profile: Self.noFont).encode(doc) == [0x1B, 0x40, 0x1B, 0x64, 2], "no cutter: feed only")
        var fullCutter = Self.chineseFont
        fullCutter.cut = .full
        #expect(try EscPosEncoder(profile: fullCutter).encode(doc) == [0x1B, 0x40, 0x1B, 0x64, 3, 0x1D, 0x56, 0x00])
        #expect(
            try EscPosEncoder(profile: Self.chineseFont).encode(doc) == [0x1B, 0x40, 0x1B, 0x64, 3, 0x1D, 0x56, 0x01],
            "a partial cutter cuts partially")
    }

    @Test func codePageIsSelectedAfterInit() throws {
        var profile = Self.noFont
        profile.text.codePage = 16
        #expect(try EscPosEncoder(profile: profile).encode(PrintDocument()) == [0x1B, 0x40, 0x1B, 0x74, 16])
    }

    @Test func barcodeIsNative() throws {
        let bytes = try EscPosEncoder(profile: Self.noFont).encode(PrintDocument([.barcode("A1", .code39, height: 40, alignment: .center)]))
        #expect(bytes == [0x1B, 0x40, 0x1B, 0x61, 1] + EscPos.barcode(Array("A1".utf8), .code39, height: 40) + [0x0A, 0x1B, 0x61, 0])
    }

    @Test func wrappingCountsChineseAsTwoColumns() {
        #expect(TextWrapper.wrap("一二三四五", width: 4) == ["一二", "三四", "五"])
        #expect(TextWrapper.wrap("hello world again", width: 11) == ["hello world", "again"])
        #expect(TextWrapper.wrap("前面还有 3 人", width: 32) == ["前面还有 3 人"])
        #expect(TextWrapper.wrap("a\nb", width: 5) == ["a", "b"])
        #expect(TextWrapper.wrap("一二三，四", width: 6) == ["一二", "三，四"], "， never starts a line")
        // A line that fits skips the character-by-character pass: the same lines either way.
        for text in ["前面还有 3 人  ", "A001 养老保险 Pension", "取号时间 2026-11-27 09:30", "👍 满意 satisfied", "一二三四", "  "] {
            for width in [4, 8, 16, 32, 48] {
                #expect(TextWrapper.wrap(text, width: width) == TextWrapper.breakLines(text, width: width), "\(text) at \(width)")
            }
        }
    }
}
