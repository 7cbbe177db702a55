/// When the hall raises an alert, and the due times whose passing raises one (hall file `alerts:`,
/// `follow_ups:` and `complaints:`).
///
/// ```yaml
/// alerts: {longest_wait_minutes: 30, waiting_count: 20, service_minutes: 40, sound: true}
/// follow_ups: {due_working_days: 3}
/// complaints: {due_working_days: 5}
/// ```
public struct AlertPolicy: Sendable, Hashable, Codable {
    /// Whether the hall raises alerts at all: true when the hall file has an `alerts:` section.
    public var raises: Bool
    /// A service's longest wait above this many minutes raises `longWait`.
    public var longestWaitMinutes: Int
    /// More than this many residents waiting for one service raises `longQueue`.
    public var waitingCount: Int
    /// A visit in service longer than this many minutes raises `longService`.
    public var serviceMinutes: Int
    /// Whether the clerk consoles and the admin page sound a tone for a new alert.
    public var sound: Bool
    /// A bad rating's follow-up is due this many statutory working days after the rating (default 3).
    public var followUpDueWorkingDays: Int
    /// A complaint's reply is due this many statutory working days after it was made (default 5).
    public var complaintDueWorkingDays: Int

    public init(
        raises: Bool = true, longestWaitMinutes: Int = 30, waitingCount: Int = 20, serviceMinutes: Int = 40, sound: Bool = true,
        followUpDueWorkingDays: Int = 3, complaintDueWorkingDays: Int = 5
    ) {
        self.raises = raises
        self.longestWaitMinutes = longestWaitMinutes
        self.waitingCount = waitingCount
        self.serviceMinutes = serviceMinutes
        self.sound = sound
        self.followUpDueWorkingDays = followUpDueWorkingDays
        self.complaintDueWorkingDays = complaintDueWorkingDays
    }
}
