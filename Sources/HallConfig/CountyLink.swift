import Foundation

/// The county database this hall forwards its journal to (`county:` in the hall file).
///
/// ```yaml
/// county:
///   url: postgres://hall_dongcun@county.example:5432/county
///   hall_id: dongcun
///   env_file: /etc/servicehall/county.env   # optional: SERVICEHALL_COUNTY_PASSWORD=…
/// ```
///
/// The password may stand in the URL or, better, in the environment file (mode 0600), so the hall
/// file that the administrator reads and edits carries no credential.
public struct CountyLink: Sendable, Hashable, Codable {
    /// `postgres://user[:password]@host[:port]/database`.
    public var url: String
    /// The hall's name in the county: letters, digits, `-` and `_`, unique in the county.
    public var hallID: String
    /// A file of `KEY=value` lines read at start (`SERVICEHALL_COUNTY_USER`, `SERVICEHALL_COUNTY_PASSWORD`).
    public var envFile: String?

    public init(url: String, hallID: String, envFile: String? = nil) {
        self.url = url
        self.hallID = hallID
        self.envFile = envFile
    }

    /// Whether `id` may name a hall: 1–64 of `a-z A-Z 0-9 - _`.
    public static func isValidHallID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }
}
