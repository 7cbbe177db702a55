/// A numbered service window (窗口) and the services it serves, in tiers.
///
/// The primary services are the window's own; the backup services are those it covers as the
/// AB post (AB岗) when their own window is away or overloaded. A window calls its primary services
/// before its backup services.
public struct Window: Sendable, Hashable, Codable, Identifiable {
    public var number: Int
    public var name: LocalizedText
    public var primaryServices: [String]
    public var backupServices: [String]
    /// The staff member who normally holds this window.
    public var staffID: String?

    public var id: Int { number }

    public init(
        number: Int, name: LocalizedText, primaryServices: [String], backupServices: [String] = [],
        staffID: String? = nil
    ) {
        self.number = number
        self.name = name
        self.primaryServices = primaryServices
        self.backupServices = backupServices
        self.staffID = staffID
    }

    /// The tier in which this window serves `serviceID`: 1 primary, 2 backup, nil not at all.
    public func tier(of serviceID: String) -> Int? {
        if primaryServices.contains(serviceID) { return 1 }
        if backupServices.contains(serviceID) { return 2 }
        return nil
    }
}

/// Whether a window takes residents now.
public enum WindowStatus: Sendable, Hashable, Codable {
    case closed
    case open
    /// Temporarily closed: the window board must show 暂停服务 and the reason.
    case paused(reason: String)
}
