import Foundation

/// Something the hall's staff must see to now (预警): raised when a threshold of the hall file's
/// `alerts:` is passed, cleared when it no longer is — both journaled (`alertRaised`, `alertCleared`).
/// Its `id` names what it is about (`longWait:pension`, `window:3`, `device:kiosk-printer`), so the
/// same condition is raised once however long it lasts.
public struct Alert: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A service's longest wait is over the threshold.
        case longWait
        /// More residents wait for a service than the threshold.
        case longQueue
        /// A window is closed (or its staff member not on duty) during opening hours while residents wait for its services.
        case windowUnstaffed
        /// A visit has been in service longer than the threshold.
        case longService
        /// A printer is out of paper or offline, a scanner or an evaluator is missing.
        case device
        case followUpOverdue
        case complaintOverdue
    }

    public var id: String
    public var kind: Kind
    /// The clerk consoles it concerns (the window, or the windows serving the service); empty: the
    /// administrator only.
    public var windows: [Int]
    public var serviceID: String?
    public var window: Int?
    public var deviceID: String?
    /// The visit, follow-up or complaint it is about.
    public var subject: String?
    /// What people read, Chinese first.
    public var message: LocalizedText

    public init(
        id: String, kind: Kind, windows: [Int] = [], serviceID: String? = nil, window: Int? = nil, deviceID: String? = nil,
        subject: String? = nil, message: LocalizedText
    ) {
        self.id = id
        self.kind = kind
        self.windows = windows
        self.serviceID = serviceID
        self.window = window
        self.deviceID = deviceID
        self.subject = subject
        self.message = message
    }
}
