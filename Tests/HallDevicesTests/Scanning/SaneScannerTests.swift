import Foundation
import Testing

@testable import HallDevices

/// The real libsane against its `test` backend (virtual scanners test:0 and test:1), through a private
/// SANE_CONFIG_DIR. One libsane per process at a time, so every test here runs in series.
@Suite(
    "SANE scanners (libsane test backend)", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: runsAsChild("SaneScannerTests"), "runs in a child process of its own (ChildSuiteRuns)"))
struct SaneScannerTests {
    /// 100 dpi colour from the feeder: the test backend's feeder holds 10 pages of 80 × 100 mm.
    static let feederColor = ScanSettings(resolution: 100, mode: .color, source: .feeder, deviceOptions: ["test-picture": "Color pattern"])

    @Test("Lists only local devices: the two virtual scanners, asked with local_only")
    func listsLocalDevices() throws {
        let log = SaneLog()
        let sane = try makeSane(log)
        defer { sane.shutdown() }
        let devices = try sane.devices()
        #expect(devices.map(\.name) == ["test:0", "test:1"])
        #expect(devices.first?.model == "frontend-tester")
        #expect(log.devicesLocalOnly == [true])
        #expect(sane.version.hasPrefix("1."))
    }

    @Test("Setting the colour mode makes libsane ask for a reload, and the new option set is read")
    func optionsAreReloaded() throws {
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:0")
        // In grey, the backend's three-pass option is inactive; colour activates it.
        try scanner.set("mode", to: .string("Gray"))
        #expect(scanner.option(named: "three-pass")?.isActive == false)
        let loads = scanner.descriptorLoads
        try scanner.set("mode", to: .string("Color"))
        #expect(scanner.descriptorLoads == loads + 1)
        #expect(scanner.option(named: "three-pass")?.isActive == true)
        #expect(try scanner.value(of: "mode") == .string("Color"))

        try scanner.apply(ScanSettings(resolution: 150, mode: .gray, source: .flatbed))
        #expect(try scanner.value(of: "resolution").number == 150)
        #expect(try scanner.value(of: "source") == .string("Flatbed"))
        #expect(scanner.option(named: "three-pass")?.isActive == false)
        // Beyond the device's range: the nearest value it offers (1…1200 dpi).
        try scanner.apply(ScanSettings(resolution: 5000, mode: nil))
        #expect(try scanner.value(of: "resolution").number == 1200)
    }

    @Test("Settings the device does not offer are refused by name")
    func settingsNotOffered() async throws {
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:0")
        let duplex = await expectScanError(.settingNotOffered) { try scanner.apply(ScanSettings(source: .feeder, duplex: true)) }
        #expect(duplex?.detail == "duplex")
        await expectScanError(.settingNotOffered) { try scanner.apply(ScanSettings(source: .named("Transparency unit"))) }
        await expectScanError(.settingNotOffered) { try scanner.set("mode", to: .string("Sepia")) }
        await expectScanError(.settingNotOffered) { try scanner.set("no-such-option", to: .int(1)) }
        await expectScanError(.settingNotOffered) { try scanner.apply(ScanSettings(deviceOptions: ["read-limit": "maybe"])) }
        try scanner.apply(ScanSettings(deviceOptions: ["read-limit": "yes", "read-limit-size": "2048", "test-picture": "Grid"]))
        #expect(try scanner.value(of: "read-limit-size") == .int(2048))
        #expect(try scanner.value(of: "test-picture") == .string("Grid"))
        // Inactive in grey mode.
        try scanner.set("mode", to: .string("Gray"))
        await expectScanError(.settingNotOffered) { try scanner.set("three-pass", to: .bool(true)) }
    }

    @Test("A feeder scan becomes one 10-page PDF: page sizes from the resolution, images at full size")
    func feederScanToPDF() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path + "/scan.pdf"
        let progress = LockedValue<[ScanProgress]>([])
        let sane = try makeSane()
        defer { sane.shutdown() }
        let report = try await scanToPDF(system: sane, device: "test:0", output: output, settings: Self.feederColor) { step in
            progress.withLock { $0.append(step) }
        }

        #expect(report.document.pages.count == 10)
        let pdf = try pdfPages(output)
        #expect(pdf.count == 10)
        // 80 × 100 mm is 226.8 × 283.5 points, whatever the resolution.
        for (width, height) in pdf.sizes {
            #expect(abs(width - 226.77) < 1 && abs(height - 283.46) < 1, "page is \(width) × \(height) pt")
        }
        let images = try pdfImages(output)
        #expect(images.map(\.page) == Array(1...10))
        for (image, page) in zip(images, report.document.pages) {
            #expect(image.width == page.width && image.height == page.height)
            #expect(
                abs(image.width - 315) <= 1 && abs(image.height - 394) <= 1, "80 × 100 mm at 100 dpi, got \(image.width) × \(image.height)")
            #expect(image.xPPI == 100 && image.yPPI == 100)
            #expect(image.color == "rgb")
        }
        #expect(mode(of: output) == 0o600)
        #expect(directory.contents == ["scan.pdf"])
        #expect(report.document.thumbnails.count == 10)
        #expect(report.document.thumbnails.allSatisfy { max($0.width, $0.height) == 240 && $0.png.starts(with: [0x89, 0x50, 0x4E, 0x47]) })

        // Progress: every page reported, each page's last report complete.
        let steps = progress.current
        #expect(Set(steps.map(\.page)) == Set(1...10))
        for page in 1...10 {
            let last = try #require(steps.last { $0.page == page })
            let size = report.document.pages[page - 1]
            #expect(last.bytesRead == last.bytesExpected && last.bytesRead == size.width * size.height * 3)
            #expect(last.pagesCompleted == page - 1)
        }
    }

    @Test("A flatbed scan is one page; grey and line-art pages embed as grey")
    func flatbedGrayAndLineart() async throws {
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:1")
        try scanner.set("test-picture", to: .string("Grid"))
        let gray = try await scanner.scanPages(ScanSettings(resolution: 50, mode: .gray, source: .flatbed))
        #expect(gray.count == 1)
        #expect(gray.first?.format == .gray8)
        // Line art: one bit per pixel from SANE, black and white pixels here.
        try scanner.set("depth", to: .int(1))
        let lineart = try await scanner.scanPages(ScanSettings(resolution: 50, mode: .gray, source: .flatbed))
        let page = try #require(lineart.first)
        #expect(Set(page.pixels) == [0, 255])
        // The grid is 10 mm squares: the 1-bit page shows the same picture as the 8-bit one.
        #expect(page.pixels == gray[0].pixels.map { $0 < 128 ? 0 : 255 })

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try ScanDocumentWriter(destination: directory.path + "/g.pdf")
        try writer.add(page)
        _ = try writer.finish()
        #expect(try pdfImages(directory.path + "/g.pdf").map(\.color) == ["gray"])
    }

    @Test("Three-pass colour (three frames per page) gives the same page as one-pass colour")
    func threePassColour() async throws {
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:0")
        try scanner.set("test-picture", to: .string("Color pattern"))
        let settings = ScanSettings(resolution: 40, mode: .color, source: .flatbed)
        let onePass = try await scanner.scanPages(settings)
        try scanner.set("three-pass", to: .bool(true))
        let threePass = try await scanner.scanPages(settings)
        #expect(threePass.count == 1 && onePass.count == 1)
        #expect(threePass.first?.format == .rgb8)
        #expect(threePass.first == onePass.first)
    }

    @Test("A feeder that is empty at the start is a fault, not an empty PDF")
    func emptyFeeder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:0")
        // The test feeder holds 10 sheets: take exactly those, so the next scan finds it empty.
        var settings = Self.feederColor
        settings.maxPages = 10
        #expect(try await scanner.scan(settings) { _ in } == 10)
        let error = await expectScanError(.feederEmpty) {
            _ = try await scanner.scan(Self.feederColor) { _ in Issue.record("no page expected") }
        }
        #expect(error?.status == .noDocuments)
        #expect(error?.deviceStatus == .feederEmpty)
        #expect(scanner.status == .feederEmpty)
        #expect(error.map { $0.chineseMessage.contains("进纸器") && $0.englishMessage.contains("feeder is empty") } == true)
    }

    @Test("No scanner, unknown scanner, busy scanner")
    func openFaults() async throws {
        let log = SaneLog()
        let sane = try makeSane(log)
        defer { sane.shutdown() }
        let first = try sane.open()
        #expect(first.device == "test:0")
        // libsane's own answer to a second open of the same device.
        let busy = await expectScanError(.scannerBusy) { _ = try sane.open("test:0") }
        #expect(busy?.status == .deviceBusy)
        #expect(busy?.deviceStatus == .busy)
        let unknown = await expectScanError(.scannerNotFound) { _ = try sane.open("test:7") }
        #expect(unknown?.deviceStatus == .notFound)
        await expectScanError(.scannerNotFound) { _ = try sane.open("epson2:libusb:001:004") }
        log.listNothing = true
        let none = await expectScanError(.noScanner) { _ = try sane.open() }
        #expect(none?.chineseMessage == "未找到扫描仪，请检查扫描仪是否已连接并开机。")
        // Only one libsane at a time.
        await expectScanError(.alreadyInitialised) { _ = try makeSane() }
    }

    @Test("An I/O error from the device ends the scan as 'vanished', and leaves no file")
    func ioErrorLeavesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sane = try makeSane()
        defer { sane.shutdown() }
        let scanner = try sane.open("test:0")
        // The backend's own switch: every sane_read answers SANE_STATUS_IO_ERROR.
        try scanner.set("read-return-value", to: .string("SANE_STATUS_IO_ERROR"))
        let writer = try ScanDocumentWriter(destination: directory.path + "/x.pdf")
        let error = await expectScanError(.deviceVanished) {
            try await scanner.scan(Self.feederColor) { page in try writer.add(page) }
        }
        writer.discard()
        #expect(error?.status == .ioError)
        #expect(scanner.status == .offline)
        #expect(directory.contents.isEmpty)

        try scanner.set("read-return-value", to: .string("SANE_STATUS_JAMMED"))
        let jam = await expectScanError(.paperJam) { try await scanner.scan(Self.feederColor) { _ in } }
        #expect(jam?.deviceStatus == .paperJam)
        // Back to normal: the same handle scans again.
        try scanner.set("read-return-value", to: .string("Default"))
        #expect(try await scanner.scanPages(ScanSettings(resolution: 20, source: .flatbed)).count == 1)
        #expect(scanner.status == .ready)
    }

    @Test("A scanner that vanishes on page 3 of a feeder set leaves no PDF and no temporary file")
    func vanishesMidBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = SaneLog()
        log.failReadOnStart = (start: 3, status: .ioError)
        let sane = try makeSane(log)
        defer { sane.shutdown() }
        let error = await expectScanError(.deviceVanished) {
            _ = try await scanToPDF(system: sane, device: "test:0", output: directory.path + "/set.pdf", settings: Self.feederColor)
        }
        #expect(error?.pagesScanned == 2)
        #expect(directory.contents.isEmpty)
        // sane_cancel ended the batch; the handle was closed exactly once.
        #expect(log.cancels >= 1)
        #expect(log.closes == 1)
    }

    /// The test backend's first scanner reading in small blocks, so a page takes many sane_read calls
    /// and a test can act in the middle of one.
    static func slowScanner(_ sane: ScannerSystem) throws -> HallDevices.Scanner {
        let scanner = try sane.open("test:0")
        try scanner.set("read-limit", to: .bool(true))
        try scanner.set("read-limit-size", to: .int(4096))
        return scanner
    }

    @Test("cancel() from another task stops a scan mid-page; the handle is closed once")
    func cancelFromAnotherTask() async throws {
        let log = SaneLog()
        let sane = try makeSane(log)
        defer { sane.shutdown() }
        let scanner = try Self.slowScanner(sane)
        let gate = ProgressGate(page: 2)
        let pages = LockedValue(0)
        let scan = Task {
            try await scanner.scan(Self.feederColor, progress: gate.progress) { _ in pages.withLock { $0 += 1 } }
        }
        // The scan thread stops inside page 2's first progress report until this task has cancelled.
        await gate.reached()
        let cancelsBefore = log.cancels
        scanner.cancel()
        #expect(log.cancels == cancelsBefore + 1)
        gate.release()
        let error = await expectScanError(.cancelled) { _ = try await scan.value }
        #expect(error?.pagesScanned == 1)
        #expect(pages.current == 1)
        #expect(scanner.status == .ready)
        // The handle still works after a cancel.
        #expect(try await scanner.scanPages(ScanSettings(resolution: 20, source: .flatbed)).count == 1)

        scanner.close()
        scanner.close()
        sane.shutdown()
        #expect(log.closes == 1)
        await expectScanError(.closed) { try scanner.set("mode", to: .string("Gray")) }
    }

    @Test("Cancelling the Swift task cancels the scan; close during a scan waits for it, then closes once")
    func taskCancellationAndCloseDuringScan() async throws {
        let log = SaneLog()
        let sane = try makeSane(log)
        defer { sane.shutdown() }
        let scanner = try Self.slowScanner(sane)

        let gate = ProgressGate(page: 1)
        let scan = Task { try await scanner.scan(Self.feederColor, progress: gate.progress) { _ in } }
        await gate.reached()
        scan.cancel()
        gate.release()
        await expectScanError(.cancelled) { _ = try await scan.value }

        let second = ProgressGate(page: 1)
        let scan2 = Task { try await scanner.scan(Self.feederColor, progress: second.progress) { _ in } }
        await second.reached()
        // Options cannot change under a running scan.
        await expectScanError(.scannerBusy) { try scanner.set("mode", to: .string("Gray")) }
        scanner.close()
        #expect(log.closes == 0)
        second.release()
        await expectScanError(.cancelled) { _ = try await scan2.value }
        #expect(log.closes == 1)
    }
}

/// Holds the scan thread inside the first progress report of `page` until the test releases it.
final class ProgressGate: Sendable {
    private let page: Int
    private let fired = LockedValue(false)
    private let semaphore = DispatchSemaphore(value: 0)
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(page: Int) {
        self.page = page
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    var progress: @Sendable (ScanProgress) -> Void {
        { [self] step in
            guard step.page == page,
                fired.withLock({ fired in
                    defer { fired = true }; return !fired
                })
            else { return }
            continuation.yield()
            semaphore.wait()
        }
    }

    func reached() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }

    func release() { semaphore.signal() }
}
