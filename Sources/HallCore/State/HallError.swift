/// Why the hall refused a command. Nothing has happened when one is thrown.
public struct HallError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Something named does not exist (HTTP 404).
        case notFound
        /// The request is well formed but the hall's state does not allow it now (HTTP 409).
        case conflict
        /// The request itself is wrong (HTTP 400).
        case invalid
        /// The caller may not do this (HTTP 403).
        case forbidden
    }

    public var kind: Kind
    /// A stable machine-readable reason, e.g. `hall_closed`, `window_busy`.
    public var code: String
    /// For people, Chinese first.
    public var message: LocalizedText

    public init(_ kind: Kind, _ code: String, zh: String, en: String) {
        self.kind = kind
        self.code = code
        self.message = LocalizedText(zh: zh, en: en)
    }

    public var description: String { "\(code): \(message.en)" }

    static func unknownWindow(_ n: Int) -> HallError {
        HallError(.notFound, "unknown_window", zh: "没有\(n)号窗口", en: "There is no window \(n)")
    }

    static func unknownService(_ id: String) -> HallError {
        HallError(.notFound, "unknown_service", zh: "没有该业务：\(id)", en: "Unknown service: \(id)")
    }

    static func unknownVisit(_ id: String) -> HallError {
        HallError(.notFound, "unknown_visit", zh: "没有该办件：\(id)", en: "Unknown visit: \(id)")
    }

    static func noCurrentVisit(_ n: Int) -> HallError {
        HallError(.conflict, "no_current_visit", zh: "\(n)号窗口当前没有办理中的号", en: "Window \(n) has no current visit")
    }
}
