import Foundation
import HallPOSIX

extension Scanner {
    /// Scans a set: one page from a flatbed, or every page the feeder holds (until libsane says
    /// `SANE_STATUS_NO_DOCS`), handing each finished page to `page` on the scan's own thread.
    ///
    /// A feeder that is empty at the start is a fault (`.feederEmpty`), not an empty set. Cancelling the
    /// task, or `cancel()` from elsewhere, stops the scan with `.cancelled`. Any fault ends the set:
    /// the caller discards the pages it was handed (`ScanDocumentWriter` and `ScanArchive.Draft` do).
    ///
    /// - Returns: the number of pages scanned.
    @discardableResult
    public func scan(
        _ settings: ScanSettings? = nil,
        progress: @escaping @Sendable (ScanProgress) -> Void = { _ in },
        page: @escaping @Sendable (ScannedPage) throws -> Void
    ) async throws -> Int {
        try beginExclusive(scanning: true)
        return try await withTaskCancellationHandler {
            if Task.isCancelled { cancel() }
            return try await BlockingThread.runOnce(name: "sane-scan") { [self] () throws -> Int in
                var status = ScannerStatus.ready
                defer { endExclusive(status: status) }
                do {
                    return try scanLocked(settings, progress: progress, page: page)
                } catch let error as ScanError {
                    status = error.deviceStatus
                    throw error
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Scans a set and returns its pages (kept in memory: fine for a few pages at office resolutions).
    public func scanPages(_ settings: ScanSettings? = nil, progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) async throws
        -> [ScannedPage]
    {
        let pages = LockedValue<[ScannedPage]>([])
        try await scan(settings, progress: progress) { page in pages.withLock { $0.append(page) } }
        return pages.current
    }

    private func scanLocked(
        _ settings: ScanSettings?, progress: @Sendable (ScanProgress) -> Void, page deliver: (ScannedPage) throws -> Void
    ) throws -> Int {
        if let settings { try applyLocked(settings) }
        let fromFeeder: Bool
        if case .string(let source)? = getLocked("source") { fromFeeder = Self.isFeeder(source) } else { fromFeeder = false }
        let xResolution = getLocked("x-resolution")?.number ?? getLocked("resolution")?.number ?? 0
        let yResolution = getLocked("y-resolution")?.number ?? xResolution
        guard xResolution > 0, yResolution > 0 else {
            throw ScanError(.scannerFault, device: device, detail: "the scanner reports no resolution")
        }
        let maxPages = settings?.maxPages
        var pages = 0
        // SANE: after the last frame of a set, or on any error, sane_cancel ends the batch.
        defer { calls.cancel(handle) }
        while maxPages.map({ pages < $0 }) ?? true {
            try checkCancelled(pages)
            var assembler = PageAssembler()
            var bytesRead = 0
            repeat {
                let status = calls.start(handle)
                if status == .noDocuments, assembler.isEmpty, fromFeeder, pages > 0 { return pages }
                try check(status, pages: pages)
                let parameters: SaneFrameParameters
                switch calls.parameters(handle) {
                case .success(let value): parameters = value
                case .failure(let status): try check(status, pages: pages); return pages
                }
                let frame = try readFrame(parameters, page: pages + 1, pagesCompleted: pages, bytesBefore: &bytesRead, progress: progress)
                do {
                    try assembler.add(frame: frame, parameters: parameters)
                } catch var error as ScanError {
                    error.device = device
                    error.pagesScanned = pages
                    throw error
                }
                if parameters.isLastFrame, !assembler.isComplete {
                    throw ScanError(.unsupportedImage, device: device, detail: "last frame before all colours", pagesScanned: pages)
                }
            } while !assembler.isComplete
            try deliver(assembler.page(xResolution: xResolution, yResolution: yResolution))
            pages += 1
            if !fromFeeder { break }
        }
        return pages
    }

    private func readFrame(
        _ parameters: SaneFrameParameters, page: Int, pagesCompleted: Int, bytesBefore: inout Int,
        progress: @Sendable (ScanProgress) -> Void
    ) throws -> [UInt8] {
        let expected = parameters.lines > 0 ? parameters.lines * parameters.bytesPerLine : nil
        var data: [UInt8] = []
        data.reserveCapacity(expected ?? 1 << 20)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        // A three-pass page is three frames of this size.
        let pageExpected = expected.map { parameters.format == .gray || parameters.format == .rgb ? $0 : 3 * $0 }
        while true {
            let (status, count) = buffer.withUnsafeMutableBytes { calls.read(handle, $0) }
            if status == .endOfFile { break }
            try check(status, pages: pagesCompleted)
            data.append(contentsOf: buffer[0..<count])
            progress(
                ScanProgress(page: page, bytesRead: bytesBefore + data.count, bytesExpected: pageExpected, pagesCompleted: pagesCompleted))
            try checkCancelled(pagesCompleted)
        }
        // Some backends answer a cancel with a plain end of file.
        try checkCancelled(pagesCompleted)
        bytesBefore += data.count
        return data
    }

    private func check(_ status: SaneStatus, pages: Int) throws {
        guard status != .good else { return }
        if cancelRequested { throw ScanError(.cancelled, device: device, status: status, pagesScanned: pages) }
        throw ScanError(scanning: status, device: device, pagesScanned: pages)
    }

    private func checkCancelled(_ pages: Int) throws {
        if cancelRequested { throw ScanError(.cancelled, device: device, pagesScanned: pages) }
    }
}
