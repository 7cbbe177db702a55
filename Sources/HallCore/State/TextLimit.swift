import Foundation

/// How long a free text from a person may be, and what it may contain.
///
/// These texts go into every screen's picture, onto paper and into the journal for good: a pause
/// reason is shown on the window board, a presence note on the presence board, a rating reason on the
/// admin page and in the monthly report. Each is one line of plain text, bounded here in the core so
/// that no way in (HTTP, keypad, bus) can store more.
public struct TextLimit: Sendable, Hashable {
    /// The field as people call it, for the error message.
    public var field: LocalizedText
    /// Characters (as a person counts them: 张 is one), after trimming.
    public var maxCharacters: Int

    /// 暂停服务的原因, shown on the window board next to 暂停服务.
    public static let pauseReason = TextLimit(field: LocalizedText(zh: "暂停原因", en: "pause reason"), maxCharacters: 40)
    /// 去向说明 on the presence board.
    public static let presenceNote = TextLimit(field: LocalizedText(zh: "去向说明", en: "presence note"), maxCharacters: 40)
    /// A resident's reason for a rating (chosen reasons joined, or typed on the tablet or phone).
    public static let ratingReason = TextLimit(field: LocalizedText(zh: "评价原因", en: "rating reason"), maxCharacters: 200)

    /// The text trimmed, or a refusal when it is longer than the limit or holds control characters
    /// (line breaks, escape sequences) that would break a board's line or a printed ticket.
    public func check(_ text: String) throws(HallError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > maxCharacters {
            throw HallError(
                .invalid, "text_too_long", zh: "\(field.zh)最多\(maxCharacters)个字（现为\(trimmed.count)个）",
                en: "The \(field.en) may have at most \(maxCharacters) characters (it has \(trimmed.count))")
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw HallError(
                .invalid, "text_control_characters", zh: "\(field.zh)只能是一行文字", en: "The \(field.en) must be one line of plain text")
        }
        return trimmed
    }
}
