import Foundation
import HTTPTypes
import HallCore

/// Why the hall stopped taking commands: its journal could not be written and the state could not
/// be rebuilt and proven writable since. `/healthz` shows it; every command answers 503 with it.
public struct JournalOutage: Sendable, Encodable, Equatable {
    /// When the failing write happened.
    public var since: Date
    /// What the store answered (the SQLite error without its statement), for the administrator.
    public var error: String
    /// Why commands are refused, in Chinese and English.
    public var message = APIError.journalUnavailable.message.zh
    public var message_en = APIError.journalUnavailable.message.en
    /// Recovery attempts that failed since.
    public var attempts: Int
}

extension APIError {
    /// A command in flight when its journal write failed: nothing of it happened.
    static let journalWriteFailed = APIError(
        .serviceUnavailable, "journal_write_failed", zh: "系统暂时无法保存办理记录，本次操作未生效，请稍后重试",
        en: "The hall could not save this; nothing was changed. Please try again shortly")

    /// Every command while the hall is stopped (``JournalOutage``).
    static let journalUnavailable = APIError(
        .serviceUnavailable, "journal_unavailable", zh: "系统存储故障，暂停受理，请稍候或联系工作人员",
        en: "The hall's storage is failing: it takes no requests until it recovers. Please wait or ask the staff")
}
