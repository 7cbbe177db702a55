import CSane

/// A `SANE_Status` other than success, with a readable name and libsane's own text.
///
/// ```swift
/// if status == .deviceBusy { … }
/// print(status)   // "Device busy (SANE_STATUS_DEVICE_BUSY)"
/// ```
public struct SaneStatus: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    init(_ status: SANE_Status) { self.rawValue = Int32(bitPattern: status.rawValue) }

    public static let good = SaneStatus(rawValue: 0)
    public static let unsupported = SaneStatus(rawValue: 1)
    public static let cancelled = SaneStatus(rawValue: 2)
    public static let deviceBusy = SaneStatus(rawValue: 3)
    public static let invalid = SaneStatus(rawValue: 4)
    public static let endOfFile = SaneStatus(rawValue: 5)
    public static let jammed = SaneStatus(rawValue: 6)
    public static let noDocuments = SaneStatus(rawValue: 7)
    public static let coverOpen = SaneStatus(rawValue: 8)
    public static let ioError = SaneStatus(rawValue: 9)
    public static let noMemory = SaneStatus(rawValue: 10)
    public static let accessDenied = SaneStatus(rawValue: 11)

    var cValue: SANE_Status { SANE_Status(rawValue: UInt32(bitPattern: rawValue)) }

    /// The constant's name, as in `sane.h`.
    public var name: String {
        let names = [
            "SANE_STATUS_GOOD", "SANE_STATUS_UNSUPPORTED", "SANE_STATUS_CANCELLED", "SANE_STATUS_DEVICE_BUSY",
            "SANE_STATUS_INVAL", "SANE_STATUS_EOF", "SANE_STATUS_JAMMED", "SANE_STATUS_NO_DOCS",
            "SANE_STATUS_COVER_OPEN", "SANE_STATUS_IO_ERROR", "SANE_STATUS_NO_MEM", "SANE_STATUS_ACCESS_DENIED",
        ]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "SANE status \(rawValue)"
    }

    /// libsane's text for the status (`sane_strstatus`), then the constant's name.
    public var description: String {
        let text = sane_strstatus(cValue).map { String(cString: $0) } ?? "unknown"
        return "\(text) (\(name))"
    }
}
