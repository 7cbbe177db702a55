import Synchronization

/// A bounded number of expensive jobs at once (bcrypt verifications on a 2-core hall PC): a job
/// that finds every place taken is refused at once instead of queueing without limit.
///
/// ```swift
/// let gate = WorkGate(capacity: 4)
/// let ok = try await gate.run { Bcrypt.verify(password, hash: hash) }   // throws WorkGate.Full
/// ```
public final class WorkGate: Sendable {
    public struct Full: Error, Sendable {}

    public let capacity: Int
    private let running = Mutex(0)

    public init(capacity: Int) { self.capacity = capacity }

    /// Takes a place, or false when all `capacity` places are taken.
    public func enter() -> Bool {
        running.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    public func leave() { running.withLock { $0 = max(0, $0 - 1) } }

    /// Runs `job` in a place of the gate, or throws ``Full``.
    public func run<T: Sendable>(_ job: @Sendable () async throws -> T) async throws -> T {
        guard enter() else { throw Full() }
        defer { leave() }
        return try await job()
    }
}
