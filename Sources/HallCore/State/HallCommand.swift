import Foundation

/// Where a transferred visit joins its new line.
public enum LinePosition: String, Sendable, Hashable, Codable {
    case front
    case back
}

/// Everything that can be asked of the hall. Each becomes events or a typed error.
public enum HallCommand: Sendable, Hashable {
    /// A resident takes a ticket. `secret` is the code printed on the ticket for rating by phone.
    case issueTicket(serviceID: String, priority: Priority, secret: String, appointmentAt: Date? = nil)
    case callNext(window: Int)
    case recall(window: Int)
    /// The resident has arrived at the window: service starts.
    case start(window: Int)
    /// The called resident did not come (过号).
    case skip(window: Int)
    case transfer(window: Int, toService: String?, toWindow: Int?, position: LinePosition)
    case hold(window: Int)
    /// Take a held visit back into service; nil resumes the window's longest-held visit.
    case resume(window: Int, visitID: String?)
    case finish(window: Int)
    case pause(window: Int, reason: String)
    /// Open (or reopen after a pause) a window, with the staff member now holding it.
    case open(window: Int, staffID: String?)
    case close(window: Int)
    case setPresence(staffID: String, presence: Presence)
    case rate(visitID: String, level: RatingLevel, reason: String?, source: RatingSource)
    case cancel(visitID: String)
    /// A device (printer, evaluator, keypad, bus, scanner) reports its status. Nothing happens when
    /// the status is the one the hall already holds for it.
    case reportDevice(deviceID: String, kind: String, window: Int?, status: DeviceState.Status)
    /// A printer gave up a held printout (see ``HallEvent/printJobDropped(deviceID:jobID:visitID:reason:)``).
    case reportDroppedPrint(deviceID: String, jobID: String, visitID: String?, reason: String)
    // MARK: cases (harden)
    /// The clerk `by` took `window` over from the clerk `from` (both account usernames).
    case takeOverWindow(window: Int, by: String, from: String)
}
