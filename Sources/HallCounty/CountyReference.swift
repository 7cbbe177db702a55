import Crypto
import Foundation
import HallStore

/// The keyed reference that stands at the county for a complaint's or an appointment's code.
///
/// The code is what the resident follows a complaint (or checks in an appointment) with, so it
/// stays in the hall; the county still has to tell one complaint's steps from another's to count
/// those received, replied on time and closed. Each code crosses as HMAC-SHA256 of the kind and the
/// code under a key the hall draws once and keeps in its own database (never forwarded): stable
/// for the hall, so every step of one complaint carries the same reference, and useless to anyone
/// without the key, so the county cannot turn it back into a code or try codes against it.
public struct CountyReferences: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// A fresh key of its own: a hall that keeps none (the bench's simulated halls).
    public static func random() -> CountyReferences { CountyReferences(key: SymmetricKey(size: .bits256)) }

    /// The settings key of the hall's reference key (base64 of 32 random bytes).
    static let settingKey = "countyReferenceKey"

    /// The hall's key, drawn and stored on the first call.
    public static func hall(_ database: HallDatabase) throws -> CountyReferences {
        if let stored = try database.setting(settingKey, as: String.self), let bytes = Data(base64Encoded: stored), bytes.count == 32 {
            return CountyReferences(key: SymmetricKey(data: bytes))
        }
        let key = SymmetricKey(size: .bits256)
        try database.setSetting(settingKey, key.withUnsafeBytes { Data($0) }.base64EncodedString())
        return CountyReferences(key: key)
    }

    /// The reference of `code` of `kind` (`complaint`, `appointment`): 32 hexadecimal digits.
    public func reference(_ kind: String, _ code: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(kind):\(code)".utf8), using: key)
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
