import Foundation

/// What `hall scan-test` reports.
public struct ScanTestReport: Hashable, Sendable {
    public var device: String
    public var saneVersion: String
    public var document: ScanDocument
}

/// Scans what a scanner holds into one PDF: the work of `hall scan-test [--device NAME] --output FILE.pdf`.
///
/// Opens `device` (or the first local scanner), applies `settings`, scans every page (all the feeder
/// holds when a feeder source is selected) and writes `output` atomically with mode 0600. On any fault
/// nothing is left at `output` and a `ScanError` says why, in Chinese and English.
///
/// ```swift
/// let report = try await scanToPDF(device: nil, output: "/tmp/scan.pdf") { progress in
///     print("page \(progress.page): \(progress.bytesRead) bytes")
/// }
/// ```
/// - Parameters:
///   - configDirectory: a SANE configuration directory (`SANE_CONFIG_DIR`), e.g. one whose dll.conf
///     says `test` to try the virtual scanner; nil for the system's.
///   - createdAt: the PDF's creation date metadata, from the caller's clock.
public func scanToPDF(
    device: String?, output: String, settings: ScanSettings = .standard, configDirectory: String? = nil,
    createdAt: Date? = nil, progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }
) async throws -> ScanTestReport {
    let system = try ScannerSystem(configDirectory: configDirectory)
    defer { system.shutdown() }
    return try await scanToPDF(system: system, device: device, output: output, settings: settings, createdAt: createdAt, progress: progress)
}

/// The same, with a `ScannerSystem` the caller already holds (the server keeps one for the process).
public func scanToPDF(
    system: ScannerSystem, device: String?, output: String, settings: ScanSettings = .standard, createdAt: Date? = nil,
    progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }
) async throws -> ScanTestReport {
    let scanner = try system.open(device)
    defer { scanner.close() }
    let writer = try ScanDocumentWriter(destination: output, title: "ServiceHall scan test", createdAt: createdAt)
    do {
        try await scanner.scan(settings, progress: progress) { page in try writer.add(page) }
        let document = try writer.finish()
        return ScanTestReport(device: scanner.device, saneVersion: system.version, document: document)
    } catch {
        writer.discard()
        throw error
    }
}
