import Foundation

/// Personal data as a public page or board may show it (seed: 服务全过程可查询 without exposing
/// the resident): `张三丰` → `张*丰`, `李娜` → `李*`, `13800000001` → `138****0001`.
public enum Masked {
    /// The first and last character of a name, the middle hidden; a two-character name keeps the first.
    public static func name(_ name: String) -> String {
        let characters = Array(name.trimmingCharacters(in: .whitespaces))
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters.last!)
        }
    }

    /// The first three and last four digits of a phone number; a shorter number shows only its last two.
    public static func phone(_ phone: String) -> String {
        let digits = Array(phone.filter(\.isNumber))
        guard digits.count >= 8 else { return String(repeating: "*", count: max(0, digits.count - 2)) + String(digits.suffix(2)) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 7) + String(digits.suffix(4))
    }
}
