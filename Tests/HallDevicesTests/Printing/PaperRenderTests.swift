import Foundation
import Testing

@testable import HallDevices

@Suite("PNG renders of what goes on paper")
struct PaperRenderTests {
    static let profiles: [String: PrinterProfile] = {
        let all = (try? PrinterProfile.loadAll(from: TestPaths.printerProfiles)) ?? []
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    }()

    @Test(arguments: [
        ("ticket", "generic-58mm"), ("ticket", "rongta-rp"), ("receipt", "epson-tm-t20ii"), ("notice", "gprinter-gp58"),
        ("refusal", "generic-58mm"), ("referral", "epson-tm-t20ii"),
    ])
    func layoutRendersWithoutMissingGlyphs(layoutName: String, profileID: String) throws {
        let profile = try #require(Self.profiles[profileID])
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("\(layoutName).layout"))
        let values: LayoutValues = [
            "ticket": .sampleTicket, "receipt": .sampleReceipt, "notice": .sampleNotice, "refusal": .sampleRefusal,
            "referral": .sampleReferral,
        ][layoutName]!
        let png = TestPaths.pngOutput.appendingPathComponent("\(layoutName)-\(profileID).png")
        let result = try PaperRenderer(profile: profile).writePNG(try layout.document(values), to: png)
        #expect(result.unknownGlyphs == 0, "tofu in \(png.path)")
        #expect(result.bitmap.width == profile.widthDots)
        #expect(result.bitmap.height > 400)
        let data = try Data(contentsOf: png)
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func aCharacterNoFontHasIsReportedAsTofu() {
        let line = TextRasterizer().render("\u{E000}\u{10FFFD}", style: TextStyle(), paperWidth: 384)
        #expect(line.unknownGlyphs == 2)
        let chinese = TextRasterizer().render("过号请重新取号", style: TextStyle(), paperWidth: 384)
        #expect(chinese.unknownGlyphs == 0)
        #expect(chinese.bitmap.blackPixelCount > 500)
    }

    @Test func renderedTextHasThePrintersMetrics() {
        let r = TextRasterizer()
        let one = r.render("号", style: TextStyle(), paperWidth: 384).bitmap
        let big = r.render("号", style: TextStyle(widthScale: 2, heightScale: 2), paperWidth: 384).bitmap
        #expect(one.height == 30 && big.height == 54)
        func inkColumns(_ b: Bitmap) -> ClosedRange<Int>? {
            let cols = (0..<b.width).filter { x in (0..<b.height).contains { b[x, $0] } }
            return cols.isEmpty ? nil : cols.first!...cols.last!
        }
        let w1 = inkColumns(one).map { $0.count } ?? 0, w2 = inkColumns(big).map { $0.count } ?? 0
        #expect((18...24).contains(w1), "a CJK character fills about its 24-dot cell: \(w1)")
        #expect(abs(w2 - 2 * w1) <= 3, "double width doubles the ink: \(w1) → \(w2)")
        let right = r.render("A", style: TextStyle(alignment: .right), paperWidth: 384).bitmap
        #expect((inkColumns(right)?.upperBound ?? 0) >= 372, "right-aligned ink ends at the right edge")
    }

    @Test func qrRenderMatchesTheRasterTheEncoderSends() throws {
        var profile = try #require(Self.profiles["generic-58mm"])
        profile.feedBeforeCut = 0
        let doc = PrintDocument([.qrCode("A012", moduleSize: 5, errorCorrection: .medium, alignment: .center)])
        let paper = try PaperRenderer(profile: profile).render(doc).bitmap
        let qr = try QRCodeRaster.bitmap("A012", moduleSize: 5, errorCorrection: .medium)
        #expect(paper.rows(12..<(12 + qr.height)) == qr.placed(in: 384, alignment: .center))
    }

    @Test("the PNG of the paper holds exactly its dots, black on white, also for a width that is no multiple of eight")
    func pngHoldsTheDots() throws {
        var paper = Bitmap(width: 21, height: 5)
        for (x, y) in [(0, 0), (7, 0), (8, 1), (13, 2), (20, 4), (19, 3)] { paper[x, y] = true }
        let png = TestPaths.pngOutput.appendingPathComponent("dots-21x5.png")
        try paper.writePNG(to: png)
        #expect(try Bitmap.loadPNG(png, maxWidth: 100) == paper)
        // A 1-bit grayscale file: IHDR's bit depth 1, colour type 0.
        let data = try Data(contentsOf: png)
        #expect(Array(data[24...25]) == [1, 0])
    }
}
