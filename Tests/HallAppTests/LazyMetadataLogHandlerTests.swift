import Logging
import Synchronization
import Testing

@testable import HallApp

/// The hall's log handler writes the stream handler's lines, its metadata included, in Chinese too.
@Suite("The log handler")
struct LazyMetadataLogHandlerTests {
    final class Lines: TextOutputStream, Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    struct Stream: TextOutputStream, Sendable {
        let lines: Lines
        mutating func write(_ string: String) { lines.write(string) }
    }

    /// The line without its timestamp (the first word).
    static func body(_ line: Substring) -> Substring { line.drop { $0 != " " } }

    @Test("the same line as swift-log's stream handler: level, label, sorted metadata, source, message")
    func sameLines() throws {
        let lazy = Lines()
        let stream = Lines()
        var a = Logger(label: "hall") { LazyMetadataLogHandler(StreamLogHandler(label: $0, stream: Stream(lines: lazy))) }
        var b = Logger(label: "hall") { StreamLogHandler(label: $0, stream: Stream(lines: stream)) }
        for logger in [a, b] { #expect(logger.logLevel == .info) }
        a[metadataKey: "hb.request.id"] = "42"
        b[metadataKey: "hb.request.id"] = "42"
        a[metadataKey: "窗口"] = "3号"
        b[metadataKey: "窗口"] = "3号"
        a.debug("not written")
        b.debug("not written")
        a.warning("打印机缺纸 paper out", metadata: ["printer": "kiosk-printer"])
        b.warning("打印机缺纸 paper out", metadata: ["printer": "kiosk-printer"])
        a[metadataKey: "窗口"] = nil
        b[metadataKey: "窗口"] = nil
        a.error("gone")
        b.error("gone")
        let written = lazy.text.withLock { $0 }
        #expect(written.contains("warning hall: hb.request.id=42 printer=kiosk-printer 窗口=3号 [HallAppTests] 打印机缺纸 paper out\n"))
        #expect(written.contains("error hall: hb.request.id=42 [HallAppTests] gone\n"))
        #expect(!written.contains("not written"))
        let expected = stream.text.withLock { $0 }
        #expect(written.split(separator: "\n").map(Self.body) == expected.split(separator: "\n").map(Self.body))
    }
}
