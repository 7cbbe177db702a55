import Foundation
import Testing

@testable import HallDevices

@Suite("Layout files")
struct LayoutTests {
    @Test func theShippedLayoutsLoad() throws {
        let layouts = try Layout.loadAll(from: TestPaths.layouts)
        // Issue 11 added the notice of refusal and the referral notice.
        #expect(Set(layouts.keys) == ["ticket", "receipt", "notice", "refusal", "referral"])
    }

    @Test func theTicketCarriesEverythingAResidentNeeds() throws {
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout"))
        let doc = try layout.document(.sampleTicket)
        let texts = doc.elements.compactMap { e -> (String, TextStyle)? in
            if case .text(let s, let style) = e { return (s, style) } else { return nil }
        }
        let all = texts.map(\.0).joined(separator: "\n")
        for expected in [
            "城关镇便民服务中心", "社保卡办理", "前面还有 3 人", "预计等待约 15 分钟", "2025-03-18 09:42", "1. 居民身份证原件及复印件",
            "4. 社保卡申领表（现场领取）", "过号请重新取号",
        ] {
            #expect(all.contains(expected), "ticket lacks \(expected)")
        }
        #expect(texts.contains { $0.0 == "A012" && $0.1 == .bigNumber }, "the number in large type")
        #expect(doc.elements.contains(.qrCode("https://hall.example/q/A012", moduleSize: 6, errorCorrection: .medium, alignment: .center)))
        #expect(doc.elements.last == .cut(.partial))
    }

    @Test func materialsLinesDisappearWhenThereAreNone() throws {
        let layout = try Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout"))
        var values = LayoutValues.sampleTicket
        values.lists["materials"] = []
        let doc = try layout.document(values)
        let all = doc.elements.compactMap { e -> String? in if case .text(let s, _) = e { return s } else { return nil } }
        #expect(!all.contains { $0.contains("一次性告知") })
        #expect(doc.elements.filter { if case .rule = $0 { return true } else { return false } }.count == 2)
    }

    @Test func aMissingValueNamesTheLine() throws {
        let layout = try Layout.parse("text: a\ntext: 前面还有 {people_ahead} 人\n", file: "t.layout")
        #expect(throws: Layout.FillError(file: "t.layout", line: 2, reason: "no value for placeholder {people_ahead}")) {
            try layout.document(LayoutValues())
        }
    }

    @Test(arguments: [
        ("unknown-directive.layout", 3, "unknown directive 'blink'"),
        ("bad-size.layout", 3, "size must be WxH"),
        ("unclosed-placeholder.layout", 3, "placeholder is not closed"),
        ("bad-cut.layout", 2, "cut is full or partial, not 'sideways'"),
    ])
    func aBadLayoutIsRejectedWithFileLineAndReason(file: String, line: Int, reason: String) throws {
        let url = TestPaths.fixtures.appendingPathComponent("bad-layouts/\(file)")
        do {
            _ = try Layout.load(from: url)
            Issue.record("\(file) was accepted")
        } catch let error as FileFormatError {
            #expect(error.file == url.path)
            #expect(error.line == line)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func optionsAreParsed() throws {
        let layout = try Layout.parse(
            "text right bold size=2x3 when=x: {x}!\nqr size=4 ecc=H left: {q}\nbarcode code39 height=50: {b}\nrule: =\nfeed 3\ncut full\n",
            file: "o.layout")
        let doc = try layout.document(LayoutValues(["x": "X", "q": "Q", "b": "B1"]))
        #expect(
            doc.elements == [
                .text("X!", TextStyle(alignment: .right, bold: true, widthScale: 2, heightScale: 3)),
                .qrCode("Q", moduleSize: 4, errorCorrection: .high, alignment: .left),
                .barcode("B1", .code39, height: 50, alignment: .center), .rule("="), .feed(lines: 3), .cut(.full),
            ])
    }
}
