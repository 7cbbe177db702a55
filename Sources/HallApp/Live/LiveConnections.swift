import Foundation
import HallConfig
import HTTPTypes
import Synchronization

/// The live feed's bounds, so that one client on the hall's network cannot exhaust the hall: how
/// many WebSocket connections one address and all addresses together may hold, and how long one
/// write to a screen may wait for the screen to read before the connection is closed (a peer that
/// never reads, or went away without closing, holds a buffer, a socket and a task until then; the
/// server's ping every 30 s drops a peer that stops answering).
public struct LiveFeedLimits: Sendable {
    /// Connections from one address (a hall PC drives a few screens; a phone needs one).
    public var perAddress: Int
    /// Connections in all.
    public var total: Int
    /// How long one message may take to be taken by the peer.
    public var writeTimeout: Duration

    public init(
        perAddress: Int = HallLimits.LiveFeed().perAddress, total: Int = HallLimits.LiveFeed().total,
        writeTimeout: Duration = .seconds(HallLimits.LiveFeed().writeTimeoutSeconds)
    ) {
        self.perAddress = perAddress
        self.total = total
        self.writeTimeout = writeTimeout
    }

    /// The bounds the hall file's `limits: live_feed:` sets.
    public init(_ limits: HallLimits.LiveFeed) {
        self.init(perAddress: limits.perAddress, total: limits.total, writeTimeout: .seconds(limits.writeTimeoutSeconds))
    }
}

/// Counts the live feed's connections per address and admits new ones within ``LiveFeedLimits``.
public final class LiveConnections: Sendable {
    private struct State {
        var limits: LiveFeedLimits
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private let state: Mutex<State>

    public init(limits: LiveFeedLimits = LiveFeedLimits()) {
        state = Mutex(State(limits: limits))
    }

    public var limits: LiveFeedLimits {
        get { state.withLock { $0.limits } }
        set { state.withLock { $0.limits = newValue } }
    }

    /// Connections held now, in all.
    public var count: Int { state.withLock { $0.total } }

    /// Why a connection from `address` would be refused now, or nil when it would be admitted.
    func refusal(for address: String) -> APIError? {
        state.withLock { s in
            if s.total >= s.limits.total { return .tooManyConnections }
            if s.perAddress[address, default: 0] >= s.limits.perAddress { return .tooManyConnectionsFromAddress }
            return nil
        }
    }

    /// Takes a slot for a connection from `address`; nil (with the reason) when it is refused.
    /// Every admitted connection calls ``release(_:)`` exactly once when it ends.
    func admit(_ address: String) -> APIError? {
        state.withLock { s in
            if s.total >= s.limits.total { return .tooManyConnections }
            if s.perAddress[address, default: 0] >= s.limits.perAddress { return .tooManyConnectionsFromAddress }
            s.total += 1
            s.perAddress[address, default: 0] += 1
            return nil
        }
    }

    func release(_ address: String) {
        state.withLock { s in
            s.total -= 1
            let left = s.perAddress[address, default: 1] - 1
            s.perAddress[address] = left > 0 ? left : nil
        }
    }
}

/// Notes when the write in progress began, so a watchdog can drop a peer that stopped reading.
final class WriteWatch: Sendable {
    private let started = Atomic<Int64>(0)
    private let origin = ContinuousClock.now

    /// Runs `write`, marked as in progress.
    func watch(_ write: () async throws -> Void) async throws {
        started.store(max(1, nanoseconds(origin.duration(to: .now))), ordering: .relaxed)
        defer { started.store(0, ordering: .relaxed) }
        try await write()
    }

    /// Whether the write in progress began more than `limit` ago.
    func stalled(longerThan limit: Duration) -> Bool {
        let began = started.load(ordering: .relaxed)
        guard began > 0 else { return false }
        return nanoseconds(origin.duration(to: .now)) - began > nanoseconds(limit)
    }

    private func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}

/// Thrown by the live feed's watchdog: the peer took no message for ``LiveFeedLimits/writeTimeout``.
struct LiveFeedStalled: Error {}

extension APIError {
    static let tooManyConnections = APIError(
        .serviceUnavailable, "too_many_connections", zh: "实时连接已满，请稍后再试", en: "Too many live connections; try again shortly")
    static let tooManyConnectionsFromAddress = APIError(
        .serviceUnavailable, "too_many_connections_from_address", zh: "本设备的实时连接过多，请关闭多余的页面",
        en: "Too many live connections from this device; close the pages you do not need")
}
