import Foundation
import Synchronization

/// Failed logins counted per client address and per username, with exponential back-off.
///
/// A key may fail `freeFailures` times; after that every further attempt waits
/// `base · 2^(failures − freeFailures)` seconds after the latest failure, up to `maximum`. A key
/// with no failure for `forgetAfter` is forgotten. While a key waits, the login is refused with 429
/// before any bcrypt work is done, whether the password would be right or not.
///
/// The username key has more free failures than the address key: an outsider who guesses one
/// administrator's password from many phones is slowed down, but cannot lock the administrator out
/// for longer than `maximum` at a time.
///
/// ```swift
/// let throttle = LoginThrottle()
/// if let wait = throttle.wait(address: "192.168.1.20", username: "admin", now: now) { /* 429, Retry-After: wait */ }
/// ```
public final class LoginThrottle: Sendable {
    public struct Policy: Sendable {
        public var freeFailures: Int
        public var base: TimeInterval
        public var maximum: TimeInterval
        public var forgetAfter: TimeInterval

        public init(freeFailures: Int, base: TimeInterval, maximum: TimeInterval, forgetAfter: TimeInterval) {
            self.freeFailures = freeFailures
            self.base = base
            self.maximum = maximum
            self.forgetAfter = forgetAfter
        }

        /// Five tries from one address, then 2 s, 4 s, 8 s … up to 15 minutes.
        public static let address = Policy(freeFailures: 5, base: 2, maximum: 900, forgetAfter: 3600)
        /// Ten tries on one username from anywhere, then 2 s, 4 s … up to 5 minutes.
        public static let username = Policy(freeFailures: 10, base: 2, maximum: 300, forgetAfter: 3600)

        /// How long after the latest failure a key with `failures` must wait.
        func delay(after failures: Int) -> TimeInterval {
            guard failures >= freeFailures else { return 0 }
            let exponent = min(failures - freeFailures, 30)
            return min(maximum, base * pow(2, Double(exponent)))
        }
    }

    /// A refusal: wait `retryAfter` seconds.
    public struct Throttled: Error, Sendable {
        public var retryAfter: Int
    }

    struct Entry {
        var failures: Int
        var last: Date
    }

    let addressPolicy: Policy
    let usernamePolicy: Policy
    /// Keys kept at most; the least recently failed are dropped first.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    public init(address: Policy = .address, username: Policy = .username, capacity: Int = 10_000) {
        self.addressPolicy = address
        self.usernamePolicy = username
        self.capacity = capacity
    }

    /// Seconds to wait before `username` may be tried from `address`, or nil when it may be tried now.
    public func wait(address: String, username: String, now: Date) -> Int? {
        entries.withLock { entries in
            let waits = [
                remaining(entries["a:" + address], addressPolicy, now),
                remaining(entries[LoginThrottle.key(username)], usernamePolicy, now),
            ]
            let longest = waits.max() ?? 0
            return longest > 0 ? Int(longest.rounded(.up)) : nil
        }
    }

    /// Counts a failed attempt for both keys.
    public func failed(address: String, username: String, now: Date) {
        entries.withLock { entries in
            for (key, policy) in [("a:" + address, addressPolicy), (LoginThrottle.key(username), usernamePolicy)] {
                var entry = entries[key] ?? Entry(failures: 0, last: now)
                if now.timeIntervalSince(entry.last) > policy.forgetAfter { entry.failures = 0 }
                entry.failures += 1
                entry.last = now
                entries[key] = entry
            }
            if entries.count > capacity { evict(&entries, now: now) }
        }
    }

    /// A correct password clears the username's count; the address keeps its count until it is
    /// forgotten, so one known account cannot be used to reset guessing at another.
    public func succeeded(username: String) {
        _ = entries.withLock { $0.removeValue(forKey: LoginThrottle.key(username)) }
    }

    /// The username's key: case-folded and cut to 128 characters, so a huge username cannot make
    /// the table huge.
    static func key(_ username: String) -> String { "u:" + username.lowercased().prefix(128) }

    private func remaining(_ entry: Entry?, _ policy: Policy, _ now: Date) -> TimeInterval {
        guard let entry, now.timeIntervalSince(entry.last) <= policy.forgetAfter else { return 0 }
        return policy.delay(after: entry.failures) - now.timeIntervalSince(entry.last)
    }

    /// Drops forgotten keys, then the least recently failed until a tenth of the room is free.
    private func evict(_ entries: inout [String: Entry], now: Date) {
        let forget = max(addressPolicy.forgetAfter, usernamePolicy.forgetAfter)
        entries = entries.filter { now.timeIntervalSince($0.value.last) <= forget }
        let target = capacity - capacity / 10
        if entries.count > target {
            for (key, _) in entries.sorted(by: { $0.value.last < $1.value.last }).prefix(entries.count - target) {
                entries.removeValue(forKey: key)
            }
        }
    }
}
