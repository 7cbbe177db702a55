import Foundation
import HallConfig
import HallDevices
import HallStore
import Synchronization

/// The windows' scanners and the archive their scans go to (`<data dir>/scans`, files 0600, every
/// access audited). libsane is started on the first scan and kept for the life of the process.
public final class ScanDesk: Sendable {
    public let archive: ScanArchive
    let scanners: [Int: String]
    let saneConfigDirectory: String?
    /// How long scans are kept.
    public let retention: TimeInterval
    private let state = Mutex(State())

    private struct State {
        var system: ScannerSystem?
        var busy: Set<Int> = []
        var counter = 0
    }

    init(setup: DeviceSetup, archiveRoot: String) throws {
        archive = try ScanArchive(root: archiveRoot)
        scanners = Dictionary(setup.scanners.map { ($0.window, $0.device) }, uniquingKeysWith: { a, _ in a })
        saneConfigDirectory = setup.saneConfigDirectory
        retention = TimeInterval(setup.scanRetentionDays) * 24 * 60 * 60
    }

    /// The device id a window's scanner has in device events.
    static func deviceID(window: Int) -> String { "window-\(window)-scanner" }

    /// The SANE device of a window's scanner, nil when it has none.
    public func scanner(window: Int) -> String? { scanners[window] }

    /// Scans a set at `window` into the archive under `visitID`. One scan per window at a time.
    func scan(
        window: Int, visitID: String, settings: ScanSettings, who: String, at: Date, progress: @escaping @Sendable (ScanProgress) -> Void
    ) async throws -> StoredScan {
        guard let device = scanners[window] else { throw ScanError(.noScanner, detail: "window \(window) has no scanner") }
        let claimed = state.withLock { s in s.busy.insert(window).inserted }
        guard claimed else { throw ScanError(.scannerBusy, device: device, detail: "a scan is running at window \(window)") }
        defer { _ = state.withLock { $0.busy.remove(window) } }
        let system = try sane()
        let scanner = try system.open(device)
        defer { scanner.close() }
        return try await scanner.scan(
            settings, into: archive, owner: visitID, scan: scanID(at: at), title: "\(visitID) 扫描件",
            access: ArchiveAccess(who: who, at: at, note: "window \(window)"), progress: progress)
    }

    /// libsane, started once.
    private func sane() throws -> ScannerSystem {
        try state.withLock { s in
            if let system = s.system { return system }
            let system = try ScannerSystem(configDirectory: saneConfigDirectory)
            s.system = system
            return system
        }
    }

    /// `scan-1795395600000-1`: the time in milliseconds and a counter, sortable and unique in the process.
    private func scanID(at: Date) -> String {
        state.withLock { s in
            s.counter += 1
            return "scan-\(at.millis)-\(s.counter)"
        }
    }

    /// Deletes scans older than the retention period; audited as `system:retention`.
    @discardableResult
    public func purge(now: Date) throws -> [StoredScan] {
        try archive.purge(now: now, retention: retention, access: ArchiveAccess(who: "system:retention", at: now))
    }

    /// Closes libsane (at shutdown).
    func shutdown() {
        state.withLock { s in
            s.system?.shutdown()
            s.system = nil
        }
    }
}
