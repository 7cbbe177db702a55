import Foundation

/// libsane, initialised once for the process: lists local scanners and opens them.
///
/// ```swift
/// let sane = try ScannerSystem()                 // sane_init
/// let scanner = try sane.open("fujitsu:fi-7160:1") // or sane.open() for the first local scanner
/// defer { sane.shutdown() }                      // closes what is open, then sane_exit
/// ```
///
/// libsane reads its configuration (`SANE_CONFIG_DIR`, `dll.conf`) at the first `sane_init` of the
/// process and keeps it: a `configDirectory` given after that has no effect. Only one
/// `ScannerSystem` may be alive at a time; a second one throws `.alreadyInitialised`.
public final class ScannerSystem: Sendable {
    private static let alive = LockedValue(false)

    let calls: SaneCalls
    /// libsane's version, "1.1.1".
    public let version: String
    private let state = LockedValue(State())

    private struct State {
        var isShutDown = false
        var scanners: [ObjectIdentifier: WeakScanner] = [:]
    }

    private struct WeakScanner: @unchecked Sendable {
        weak var scanner: Scanner?
    }

    /// Initialises libsane (`sane_init`).
    /// - Parameter configDirectory: sets `SANE_CONFIG_DIR` first, e.g. a private directory whose
    ///   `dll.conf` says `test` for the virtual scanner. Leave nil to use `/etc/sane.d`.
    public convenience init(configDirectory: String? = nil) throws {
        try self.init(configDirectory: configDirectory, calls: .live)
    }

    init(configDirectory: String?, calls: SaneCalls) throws {
        let claimed = Self.alive.withLock { alive -> Bool in
            if alive { return false }
            alive = true
            return true
        }
        guard claimed else { throw ScanError(.alreadyInitialised) }
        if let configDirectory { setenv("SANE_CONFIG_DIR", configDirectory, 1) }
        let (status, version) = calls.initialize()
        guard status == .good else {
            Self.alive.withLock { $0 = false }
            throw ScanError(.scannerFault, status: status, detail: "sane_init")
        }
        self.calls = calls
        self.version = version
    }

    deinit { shutdown() }

    /// The scanners attached to this machine. Network scanners are never probed: that costs seconds.
    public func devices() throws -> [ScannerDevice] {
        try checkRunning()
        switch calls.devices(true) {
        case .success(let devices): return devices
        case .failure(let status): throw ScanError(.scannerFault, status: status, detail: "sane_get_devices")
        }
    }

    /// Opens a scanner by name, or the first local one when `name` is nil.
    ///
    /// Throws `.noScanner` when none is attached, `.scannerNotFound` for an unknown name and
    /// `.scannerBusy` when another program holds it.
    public func open(_ name: String? = nil) throws -> Scanner {
        try checkRunning()
        let deviceName: String
        if let name, !name.isEmpty {
            deviceName = name
        } else {
            guard let first = try devices().first else { throw ScanError(.noScanner) }
            deviceName = first.name
        }
        switch calls.open(deviceName) {
        case .success(let handle):
            let scanner = try Scanner(device: deviceName, handle: handle, system: self)
            state.withLock { $0.scanners[ObjectIdentifier(scanner)] = WeakScanner(scanner: scanner) }
            return scanner
        case .failure(.invalid):
            throw ScanError(.scannerNotFound, device: deviceName, status: .invalid)
        case .failure(let status):
            let error = ScanError(scanning: status, device: deviceName, pagesScanned: 0)
            throw error.kind == .scannerFault || error.kind == .deviceVanished
                ? ScanError(.scannerNotFound, device: deviceName, status: status) : error
        }
    }

    /// Closes every scanner still open, then `sane_exit`. Safe to call more than once.
    /// Cancel running scans and wait for them before calling this.
    public func shutdown() {
        let scanners = state.withLock { state -> [Scanner]? in
            if state.isShutDown { return nil }
            state.isShutDown = true
            defer { state.scanners = [:] }
            return state.scanners.values.compactMap(\.scanner)
        }
        guard let scanners else { return }
        for scanner in scanners { scanner.close() }
        calls.exit()
        Self.alive.withLock { $0 = false }
    }

    func forget(_ scanner: Scanner) {
        state.withLock { _ = $0.scanners.removeValue(forKey: ObjectIdentifier(scanner)) }
    }

    private func checkRunning() throws {
        if state.withLock({ $0.isShutDown }) { throw ScanError(.closed, detail: "libsane was shut down") }
    }
}
