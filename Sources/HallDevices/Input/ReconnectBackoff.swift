/// How long a reader waits before it tries a device again, and how it waits.
///
/// The delay doubles from `initial` up to `maximum`. The wait itself is injectable, so tests
/// never sleep: they pass a `sleep` that records the delay and, say, plugs the device back in.
///
/// ```swift
/// let backoff = ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(10))
/// backoff.delay(afterFailures: 3)  // 1 s
/// ```
public struct ReconnectBackoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    /// Waits for the given time; throws `CancellationError` when the reader is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        initial: Duration = .milliseconds(250),
        maximum: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.initial = initial
        self.maximum = maximum
        self.sleep = sleep
    }

    /// The delay before the next try, after `failures` consecutive failures (1 = the first).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(failures, 1) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
