import Crypto
import Foundation

/// SHA-256 in lowercase hex: session tokens are stored as their hash, so a copy of the database
/// (a backup, a support bundle) holds no usable session.
enum TokenHash {
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
