import Foundation

/// A value shared between a reader thread and its owner, behind a lock.
///
/// `Synchronization.Mutex` would do, but it needs macOS 15 and the package still builds for macOS 14.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}
