import Foundation
import Glibc
import Testing

@testable import HallDevices

let scanningFixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/scanning")
/// dll.conf says `test`: libsane's virtual scanners test:0 and test:1, nothing else.
let saneConfigDirectory = scanningFixtures.appendingPathComponent("sane").path

/// What went through the SANE seam, and switches to make libsane fail the way hardware does.
final class SaneLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _closes = 0
    private var _cancels = 0
    private var _devicesLocalOnly: [Bool] = []
    private var _starts = 0
    /// Makes `devices` list nothing (no scanner attached).
    var listNothing = false
    /// Fails `read` with this status once `starts` reaches the given count (a device vanishing on page N).
    var failReadOnStart: (start: Int, status: SaneStatus)?

    var closes: Int { lock.withLock { _closes } }
    var cancels: Int { lock.withLock { _cancels } }
    var starts: Int { lock.withLock { _starts } }
    var devicesLocalOnly: [Bool] { lock.withLock { _devicesLocalOnly } }

    var calls: SaneCalls {
        let live = SaneCalls.live
        var calls = live
        calls.devices = { [self] localOnly in
            lock.withLock { _devicesLocalOnly.append(localOnly) }
            return lock.withLock({ listNothing }) ? .success([]) : live.devices(localOnly)
        }
        calls.close = { [self] handle in
            lock.withLock { _closes += 1 }
            live.close(handle)
        }
        calls.cancel = { [self] handle in
            lock.withLock { _cancels += 1 }
            live.cancel(handle)
        }
        calls.start = { [self] handle in
            lock.withLock { _starts += 1 }
            return live.start(handle)
        }
        calls.read = { [self] handle, buffer in
            if let failure = lock.withLock({ failReadOnStart }), starts >= failure.start {
                return (failure.status, 0)
            }
            return live.read(handle, buffer)
        }
        return calls
    }
}

/// A fresh libsane for one test, on the private config directory.
func makeSane(_ log: SaneLog = SaneLog()) throws -> ScannerSystem {
    try ScannerSystem(configDirectory: saneConfigDirectory, calls: log.calls)
}

/// A temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/servicehall-scan-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else { throw FileError(errno: errno, path: "mkdtemp", operation: "mkdtemp") }
        path = made
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Every name in the directory, hidden ones too.
    var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
}

/// Permission bits of a path (`stat`).
func mode(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

/// Runs a poppler tool and returns its standard output.
func poppler(_ tool: String, _ arguments: [String]) throws -> String {
    let path = try #require(
        ["/usr/bin/" + tool, "/usr/local/bin/" + tool].first { FileManager.default.isExecutableFile(atPath: $0) },
        "\(tool) is missing: apt-get install poppler-utils (scripts/apt-packages/scanning.txt)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = Pipe()
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(tool) \(arguments) failed")
    return String(decoding: data, as: UTF8.self)
}

/// One row of `pdfimages -list`.
struct PDFImage: Equatable {
    var page: Int
    var width: Int
    var height: Int
    var color: String
    var bitsPerComponent: Int
    var xPPI: Int
    var yPPI: Int
}

func pdfImages(_ path: String) throws -> [PDFImage] {
    try poppler("pdfimages", ["-list", path]).split(separator: "\n").dropFirst(2).map { line in
        let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        return PDFImage(
            page: Int(f[0])!, width: Int(f[3])!, height: Int(f[4])!, color: f[5], bitsPerComponent: Int(f[7])!, xPPI: Int(f[12])!,
            yPPI: Int(f[13])!)
    }
}

/// Page count and each page's size in points from `pdfinfo`.
func pdfPages(_ path: String) throws -> (count: Int, sizes: [(Double, Double)]) {
    let summary = try poppler("pdfinfo", [path])
    let count = Int(summary.split(separator: "\n").first { $0.hasPrefix("Pages:") }!.split(separator: " ").last!)!
    let detail = try poppler("pdfinfo", ["-f", "1", "-l", String(count), path])
    let sizes = detail.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }.map { line -> (Double, Double) in
        let words = line.split(separator: " ")
        let index = words.firstIndex(of: "x")!
        return (Double(words[index - 1])!, Double(words[index + 1])!)
    }
    return (count, sizes)
}

/// Expects `body` to throw a `ScanError` of `kind`, and returns it.
@discardableResult
func expectScanError(_ kind: ScanError.Kind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async
    -> ScanError?
{
    do {
        try await body()
        Issue.record("expected ScanError.\(kind), got success", sourceLocation: sourceLocation)
    } catch let error as ScanError {
        #expect(error.kind == kind, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected ScanError.\(kind), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A synthetic page: a diagonal gradient, so thumbnails and PDFs have something to show.
func syntheticPage(width: Int = 120, height: Int = 160, format: ScannedPage.Format = .rgb8, dpi: Double = 100) -> ScannedPage {
    var pixels: [UInt8] = []
    pixels.reserveCapacity(width * height * format.bytesPerPixel)
    for y in 0..<height {
        for x in 0..<width {
            let v = UInt8((x + y) % 256)
            pixels += format == .rgb8 ? [v, 255 - v, UInt8(y % 256)] : [v]
        }
    }
    return ScannedPage(width: width, height: height, format: format, xResolution: dpi, yResolution: dpi, pixels: pixels)
}
