import Foundation
import Synchronization

/// A token bucket per client: `perMinute` tokens a minute, up to `burst` at once.
/// A `perMinute` of 0 means no limit.
///
/// Memory is bounded: at most `maxClients` buckets are kept. When a new client would pass that,
/// every bucket that has refilled (a client as good as new) is dropped first, then the least
/// recently used ones, down to three quarters of the bound — so a flood of addresses costs at most
/// `maxClients` entries and an eviction now and then, never an ever-growing table.
public final class RateLimiter: Sendable {
    public let perMinute: Int
    public let burst: Int
    public let maxClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    private struct Bucket {
        var tokens: Double
        var at: Date
    }

    public init(perMinute: Int, burst: Int, maxClients: Int = 10_000) {
        self.perMinute = perMinute
        self.burst = max(1, burst)
        self.maxClients = max(1, maxClients)
    }

    /// Takes a token for `client` at `now`; false when the client must wait.
    public func allow(_ client: String, now: Date) -> Bool {
        guard perMinute > 0 else { return true }
        return buckets.withLock { buckets in
            var bucket = refilled(buckets[client], now: now)
            defer {
                if buckets[client] == nil && buckets.count >= maxClients { evict(&buckets, now: now) }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else { return false }
            bucket.tokens -= 1
            return true
        }
    }

    /// Whether `client` has a token at `now`, without taking it: for limits that count only
    /// failures (take a token with ``allow(_:now:)`` when an attempt fails).
    public func hasToken(_ client: String, now: Date) -> Bool {
        guard perMinute > 0 else { return true }
        return buckets.withLock { refilled($0[client], now: now).tokens >= 1 }
    }

    /// Seconds until `client` has a token again (at least 1), for `Retry-After`.
    public func secondsUntilToken(_ client: String, now: Date) -> Int {
        guard perMinute > 0 else { return 1 }
        let missing = buckets.withLock { 1 - refilled($0[client], now: now).tokens }
        return max(1, Int((missing * 60 / Double(perMinute)).rounded(.up)))
    }

    /// How many clients the limiter holds a bucket for.
    public var clientCount: Int { buckets.withLock { $0.count } }

    private func refilled(_ bucket: Bucket?, now: Date) -> Bucket {
        guard var bucket else { return Bucket(tokens: Double(burst), at: now) }
        bucket.tokens = min(Double(burst), bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * Double(perMinute) / 60)
        bucket.at = max(bucket.at, now)
        return bucket
    }

    private func evict(_ buckets: inout [String: Bucket], now: Date) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < Double(burst) }
        let target = maxClients * 3 / 4
        guard buckets.count > target else { return }
        let oldest = buckets.sorted { $0.value.at < $1.value.at }.prefix(buckets.count - target).map(\.key)
        for key in oldest { buckets[key] = nil }
    }
}
