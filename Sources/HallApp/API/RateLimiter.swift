import Foundation
import Synchronization

/// A token bucket per client: `perMinute` tokens a minute, up to `burst` at once.
/// A `perMinute` of 0 means no limit.
public final class RateLimiter: Sendable {
    public let perMinute: Int
    public let burst: Int
    private let buckets = Mutex<[String: (tokens: Double, at: Date)]>([:])

    public init(perMinute: Int, burst: Int) {
        self.perMinute = perMinute
        self.burst = max(1, burst)
    }

    /// Takes a token for `client` at `now`; false when the client must wait.
    public func allow(_ client: String, now: Date) -> Bool {
        guard perMinute > 0 else { return true }
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? (Double(burst), now)
            bucket.tokens = min(Double(burst), bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * rate)
            bucket.at = now
            defer {
                buckets[client] = bucket
                if buckets.count > 10_000 { buckets = buckets.filter { $0.value.tokens < Double(burst) } }
            }
            guard bucket.tokens >= 1 else { return false }
            bucket.tokens -= 1
            return true
        }
    }
}
