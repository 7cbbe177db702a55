/// What a button means to the hall, whatever device it sits on.
///
/// Evaluators (评价器) produce `rate1`…`rate5`; caller keypads (呼叫器) produce the rest.
/// `rate5` is the best level (非常满意) and `rate1` the worst (非常不满意), matching the score of
/// the national five-level rules.
public enum LogicalButton: String, Sendable, Hashable, Codable, CaseIterable {
    case rate1, rate2, rate3, rate4, rate5
    case callNext, recall, skip, pause, transfer, finish, hold, start

    /// The score 1…5 of a rating button, `nil` for a caller key.
    public var ratingScore: Int? {
        switch self {
        case .rate1: 1
        case .rate2: 2
        case .rate3: 3
        case .rate4: 4
        case .rate5: 5
        default: nil
        }
    }
}

/// One press of a mapped key on one device.
///
/// `deviceID` is the name the caller gave the device (the hall file assigns it to a window);
/// the device layer knows nothing about windows or tickets.
public struct ButtonPress: Sendable, Hashable {
    public var deviceID: String
    public var button: LogicalButton
    /// Extra bytes a bus device sent with the key (e.g. a transfer target), empty for evdev.
    public var payload: [UInt8]

    public init(deviceID: String, button: LogicalButton, payload: [UInt8] = []) {
        self.deviceID = deviceID
        self.button = button
        self.payload = payload
    }
}

/// The health of an input device, as the hall shows it to the administrator.
public enum InputDeviceStatus: Sendable, Hashable {
    /// Looking for or opening the device.
    case connecting
    /// Open, but a key was held when it was opened: the exclusive grab waits until every key is up.
    case waitingForRelease
    /// Open, grabbed (evdev) or configured (serial), reading keys.
    case ok
    /// Gone: not found, or it went away while open. The reader retries with backoff.
    case unplugged
    /// Present but unusable (permissions, not an input device, a read error); retried with backoff.
    case failed(String)
}

/// What an input reader emits, in order.
public enum InputDeviceEvent: Sendable, Hashable {
    case press(ButtonPress)
    case status(deviceID: String, InputDeviceStatus)
}
