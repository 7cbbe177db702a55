import Foundation
import HallStore
import Synchronization

/// Where the runtime reads the time. The core never reads a clock; the runtime reads this one.
public protocol HallClock: Sendable {
    func now() -> Date
}

/// The machine's clock, to the millisecond (the journal's precision).
public struct SystemHallClock: HallClock {
    public init() {}
    public func now() -> Date { Date(millis: Date().millis) }
}

/// A clock that starts at a chosen instant and runs at real speed: the demo hall opens at 09:00
/// whatever the time of day, and end-to-end tests get a hall that is open.
public struct ShiftedHallClock: HallClock {
    let offset: TimeInterval

    public init(startingAt start: Date) { offset = start.timeIntervalSinceNow }
    public func now() -> Date { Date(millis: Date().addingTimeInterval(offset).millis) }
}

/// A clock tests move by hand.
public final class ManualHallClock: HallClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
