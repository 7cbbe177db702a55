/// The last status a device reported, as the hall holds it.
public struct DeviceState: Sendable, Hashable, Codable {
    public var deviceID: String
    /// `printer`, `evaluator`, `caller`, `bus` or `scanner`.
    public var kind: String
    /// The window the device serves; nil for the kiosk's devices and a whole bus.
    public var window: Int?
    /// The driver's word for it: `ok`, `paperOut`, `coverOpen`, `offline`, `unplugged`, `busy` …
    public var status: String

    public init(deviceID: String, kind: String, window: Int?, status: String) {
        self.deviceID = deviceID
        self.kind = kind
        self.window = window
        self.status = status
    }
}
