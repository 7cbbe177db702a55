/// A text shown to people, in Simplified Chinese first and English second.
///
/// ```swift
/// let name = LocalizedText(zh: "社会保障", en: "Social security")
/// ```
public struct LocalizedText: Sendable, Hashable, Codable {
    /// Simplified Chinese: what residents read first.
    public var zh: String
    /// English: the second language.
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}
