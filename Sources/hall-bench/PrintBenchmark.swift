import Foundation
import HallDevices

/// Measures the time from an issued ticket (layout values) to its first byte reaching the
/// transport: layout fill, wrapping, GB18030 encoding or Pango raster rendering, QR, ESC/POS.
enum PrintBenchmark {
    /// A transport that only notes when the job arrives.
    final class Stopwatch: PrinterTransport, @unchecked Sendable {
        var arrivedAt: UInt64 = 0
        var name: String { "benchmark" }
        func send(_ job: PrintJob) throws { arrivedAt = DispatchTime.now().uptimeNanoseconds }
        func status() -> DeviceStatus { .ok }
    }

    /// Runs the shipped ticket layout (or the built-in one) `iterations` times per scenario and
    /// returns milliseconds: `<scenario>.p50`, `.p99`, `.max`, `.mean`, and `<scenario>.bytes`.
    /// Scenarios: `raster58` (no Chinese font: all Chinese rastered, QR rastered),
    /// `gb18030_80` (Chinese font, native QR), `png80` (render to PNG).
    static func run(iterations: Int = 200, layoutFile: URL? = nil) throws -> [String: Double] {
        let layout = try layoutFile.map(Layout.load) ?? Layout.parse(builtInTicket, file: "<built-in ticket>")
        let raster = PrinterProfile(
            id: "bench-58", name: "58 mm, no Chinese font", match: USBMatchRule(vendorID: 0x0416, productID: 0x5011),
            widthDots: 384, text: TextCapabilities(), nativeQRCode: false)
        let chinese = PrinterProfile(
            id: "bench-80", name: "80 mm GB18030", match: USBMatchRule(vendorID: 0x0FE6, productID: 0x811E), widthDots: 576,
            text: TextCapabilities(chineseEncoding: .gb18030, kanjiMode: true))
        var results: [String: Double] = [:]
        for (label, profile) in [("raster58", raster), ("gb18030_80", chinese)] {
            let encoder = EscPosEncoder(profile: profile)
            let transport = Stopwatch()
            var samples: [Double] = []
            var size = 0
            for i in 0..<(iterations + 5) {
                var values = LayoutValues.sampleTicket
                values.strings["number"] = "A\(100 + i % 900)"
                let start = DispatchTime.now().uptimeNanoseconds
                let document = try layout.document(values)
                let bytes = try encoder.encode(document)
                try transport.send(PrintJob(id: "bench", bytes: bytes, document: document))
                if i >= 5 { samples.append(Double(transport.arrivedAt - start) / 1e6) }  // 5 warm-up runs
                size = bytes.count
            }
            summarize(samples, label, into: &results)
            results["\(label).bytes"] = Double(size)
        }
        let renderer = PaperRenderer(profile: chinese)
        var samples: [Double] = []
        for i in 0..<(max(iterations / 4, 1) + 2) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try renderer.render(try layout.document(.sampleTicket)).bitmap.pngData()
            if i >= 2 { samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        summarize(samples, "png80", into: &results)
        return results
    }

    static func summarize(_ samples: [Double], _ label: String, into results: inout [String: Double]) {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return }
        func pct(_ p: Double) -> Double { sorted[min(Int((p * Double(sorted.count)).rounded(.up)) - 1, sorted.count - 1)] }
        results["\(label).p50"] = pct(0.50)
        results["\(label).p99"] = pct(0.99)
        results["\(label).max"] = sorted.last!
        results["\(label).mean"] = sorted.reduce(0, +) / Double(sorted.count)
    }

    static let builtInTicket = """
        text center bold size=1x2: {hall_name}
        rule
        big: {number}
        text center bold size=2x2: {service}
        text center: 前面还有 {people_ahead} 人
        text center: 预计等待约 {wait_minutes} 分钟
        text center: 取号时间 {issued_at}
        each materials: {index}. {item}
        qr size=6: {qr}
        text center bold: 过号请重新取号
        cut
        """
}
