/// What the host sends to a caller or evaluator on the bus.
public enum BusHostMessage: Sendable, Hashable {
    /// Show a ticket number on the caller's display (ASCII, at most 8 characters, e.g. `A012`).
    case showNumber(String)
    /// Show how many residents are waiting for this window (0…65535).
    case showWaitingCount(Int)
    /// Beep `times` times.
    case beep(times: UInt8)
    /// Ask the evaluator to prompt 请评价; it answers with a rating frame.
    case startRating
}

/// The function codes of one bus protocol. Vendors differ; the profile says which apply.
public struct BusProtocol: Sendable, Hashable {
    /// FUNC of a device frame → logical button (caller keys).
    public var keys: [UInt8: LogicalButton]
    /// FUNC of the evaluator's rating reply; its first data byte is the key pressed.
    public var ratingFunction: UInt8
    /// First data byte of a rating reply → rating button.
    public var ratingKeys: [UInt8: LogicalButton]
    public var showNumberFunction: UInt8
    public var showWaitingCountFunction: UInt8
    public var beepFunction: UInt8
    public var startRatingFunction: UInt8

    public init(
        keys: [UInt8: LogicalButton], ratingFunction: UInt8, ratingKeys: [UInt8: LogicalButton],
        showNumberFunction: UInt8, showWaitingCountFunction: UInt8, beepFunction: UInt8, startRatingFunction: UInt8
    ) {
        self.keys = keys
        self.ratingFunction = ratingFunction
        self.ratingKeys = ratingKeys
        self.showNumberFunction = showNumberFunction
        self.showWaitingCountFunction = showWaitingCountFunction
        self.beepFunction = beepFunction
        self.startRatingFunction = startRatingFunction
    }

    /// The frame for a host message to the device at `address`.
    public func frame(for message: BusHostMessage, to address: UInt8) -> BusFrame {
        switch message {
        case .showNumber(let number):
            let ascii = number.unicodeScalars.filter(\.isASCII).prefix(8).map { UInt8($0.value) }
            return BusFrame(address: address, function: showNumberFunction, data: Array(ascii))
        case .showWaitingCount(let count):
            let clamped = UInt16(clamping: max(count, 0))
            return BusFrame(address: address, function: showWaitingCountFunction, data: [UInt8(clamped >> 8), UInt8(clamped & 0xFF)])
        case .beep(let times):
            return BusFrame(address: address, function: beepFunction, data: [times])
        case .startRating:
            return BusFrame(address: address, function: startRatingFunction)
        }
    }

    /// The button a device frame stands for, or nil when this protocol does not map it.
    public func button(for frame: BusFrame) -> LogicalButton? {
        if frame.function == ratingFunction {
            return frame.data.first.flatMap { ratingKeys[$0] }
        }
        return keys[frame.function]
    }
}
