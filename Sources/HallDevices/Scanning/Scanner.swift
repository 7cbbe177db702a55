import Foundation

/// One open scanner (a SANE handle): its options, scans, cancel, close.
///
/// The handle is closed exactly once: by `close()`, by the `ScannerSystem`'s shutdown, or when the
/// last reference goes. Blocking libsane calls of a scan run on a thread of their own, never on the
/// cooperative pool. Option calls while a scan runs throw `.scannerBusy`.
public final class Scanner: @unchecked Sendable {
    /// The SANE device name it was opened with.
    public let device: String
    let system: ScannerSystem
    let calls: SaneCalls
    let handle: SaneHandle
    let state: LockedValue<State>

    struct State {
        var isClosed = false
        /// A scan or an option call holds the handle.
        var isBusy = false
        var isScanning = false
        var cancelRequested = false
        var closeWhenIdle = false
        var options: [SaneOptionDescriptor] = []
        var status: ScannerStatus = .ready
        /// How often the descriptors were read (for tests and logs: a set that says
        /// `SANE_INFO_RELOAD_OPTIONS` reads them again).
        var descriptorLoads = 0
    }

    init(device: String, handle: SaneHandle, system: ScannerSystem) throws {
        self.device = device
        self.handle = handle
        self.system = system
        self.calls = system.calls
        self.state = LockedValue(State())
        state.withLock {
            $0.options = loadDescriptors(); $0.descriptorLoads = 1
        }
    }

    deinit {
        closeHandle()
    }

    /// The status the admin page shows: `.ready`, `.scanning`, or what the last fault left.
    public var status: ScannerStatus { state.withLock { $0.status } }

    /// Every option the scanner offers now (groups left out), as last read.
    public var options: [SaneOptionDescriptor] { state.withLock { $0.options } }

    /// The option called `name` (`resolution`, `mode`, `source` …), if the scanner has one.
    public func option(named name: String) -> SaneOptionDescriptor? {
        state.withLock { $0.options.first { $0.name == name } }
    }

    var descriptorLoads: Int { state.withLock { $0.descriptorLoads } }

    /// Reads an option's current value.
    public func value(of name: String) throws -> SaneValue {
        try exclusive {
            guard let descriptor = option(named: name) else {
                throw ScanError(.settingNotOffered, device: device, detail: name)
            }
            switch calls.getValue(handle, descriptor) {
            case .success(let value): return value
            case .failure(let status): throw ScanError(.scannerFault, device: device, status: status, detail: "get \(name)")
            }
        }
    }

    /// Sets an option and returns the value the scanner actually took (it may round).
    ///
    /// When libsane answers `SANE_INFO_RELOAD_OPTIONS` every descriptor is read again, since other
    /// options may have appeared, vanished or changed their ranges.
    @discardableResult
    public func set(_ name: String, to value: SaneValue) throws -> SaneValue {
        try exclusive { try setLocked(name, to: value) }
    }

    /// Asks a running scan to stop (`sane_cancel`). Callable from any task or thread; the scan then
    /// throws `ScanError(.cancelled)`. Does nothing when no scan runs.
    public func cancel() {
        state.withLock { state in
            guard state.isScanning, !state.isClosed else { return }
            state.cancelRequested = true
            calls.cancel(handle)
        }
    }

    /// Closes the handle (`sane_close`), exactly once. A running scan is cancelled first and the handle
    /// closed when it has stopped.
    public func close() {
        let closeNow = state.withLock { state -> Bool in
            if state.isClosed { return false }
            if state.isBusy {
                state.closeWhenIdle = true
                if state.isScanning {
                    state.cancelRequested = true
                    calls.cancel(handle)
                }
                return false
            }
            return true
        }
        if closeNow { closeHandle() }
    }

    private func closeHandle() {
        let close = state.withLock { state -> Bool in
            if state.isClosed { return false }
            state.isClosed = true
            return true
        }
        guard close else { return }
        calls.close(handle)
        system.forget(self)
    }

    // MARK: - Internal helpers for the scan and settings extensions

    @discardableResult
    func setLocked(_ name: String, to value: SaneValue) throws -> SaneValue {
        guard let descriptor = option(named: name) else {
            throw ScanError(.settingNotOffered, device: device, detail: name)
        }
        guard descriptor.isSettable else {
            throw ScanError(.settingNotOffered, device: device, detail: "\(name) (inactive or read-only)")
        }
        if case .strings(let allowed) = descriptor.constraint, case .string(let text) = value, !allowed.contains(text) {
            throw ScanError(.settingNotOffered, device: device, detail: "\(name)=\(text); offered: \(allowed.joined(separator: ", "))")
        }
        let info: SaneSetInfo
        switch calls.setValue(handle, descriptor, value) {
        case .success(let result): info = result
        case .failure(.invalid): throw ScanError(.settingNotOffered, device: device, status: .invalid, detail: "\(name)=\(value)")
        case .failure(let status): throw ScanError(.scannerFault, device: device, status: status, detail: "set \(name)")
        }
        if info.contains(.reloadOptions) {
            let reloaded = loadDescriptors()
            state.withLock {
                $0.options = reloaded
                $0.descriptorLoads += 1
            }
        }
        guard info.contains(.inexact), let current = option(named: name) else { return value }
        switch calls.getValue(handle, current) {
        case .success(let actual): return actual
        case .failure(let status): throw ScanError(.scannerFault, device: device, status: status, detail: "get \(name)")
        }
    }

    func getLocked(_ name: String) -> SaneValue? {
        guard let descriptor = option(named: name), descriptor.isActive else { return nil }
        return try? calls.getValue(handle, descriptor).get()
    }

    /// Runs `body` holding the handle; throws `.scannerBusy` while a scan runs, `.closed` after close.
    func exclusive<R>(scanning: Bool = false, _ body: () throws -> R) throws -> R {
        try beginExclusive(scanning: scanning)
        defer { endExclusive() }
        return try body()
    }

    func beginExclusive(scanning: Bool) throws {
        try state.withLock { state in
            if state.isClosed { throw ScanError(.closed, device: device) }
            if state.isBusy { throw ScanError(.scannerBusy, device: device, detail: "a scan is in progress") }
            state.isBusy = true
            state.isScanning = scanning
            state.cancelRequested = false
            if scanning { state.status = .scanning }
        }
    }

    func endExclusive(status: ScannerStatus? = nil) {
        let closeNow = state.withLock { state -> Bool in
            state.isBusy = false
            state.isScanning = false
            if let status { state.status = status }
            return state.closeWhenIdle
        }
        if closeNow { closeHandle() }
    }

    var cancelRequested: Bool { state.withLock { $0.cancelRequested } }

    private func loadDescriptors() -> [SaneOptionDescriptor] {
        // Option 0 holds the count; descriptors past the end come back nil.
        var options: [SaneOptionDescriptor] = []
        var index: Int32 = 1
        while index < 10_000, let descriptor = calls.descriptor(handle, index) {
            if descriptor.type != .group, !descriptor.name.isEmpty { options.append(descriptor) }
            index += 1
        }
        return options
    }
}
