import Foundation

/// The database cannot be used as it is: damaged, or holding a journal row this version cannot read.
///
/// Its description names the problem and the way back, in Chinese then English, for the log and the
/// terminal — `hall serve` prints it and exits, never a stack trace.
public enum HallDatabaseProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite reports the file damaged (`PRAGMA quick_check` or `integrity_check` failed, or the
    /// file is not a database at all).
    case damaged(path: String, detail: String)
    /// A journal row whose body does not decode into a hall event.
    case undecodableJournalRow(seq: Int64, type: String, detail: String)

    public var description: String {
        switch self {
        case .damaged(let path, let detail):
            return """
                数据库已损坏：\(path)（\(detail)）。请停止服务后用备份恢复：hall restore 备份文件
                The database is damaged: \(path) (\(detail)). Stop the hall and restore a backup: hall restore BACKUP-FILE
                """
        case .undecodableJournalRow(let seq, let type, let detail):
            return """
                无法读取事件日志第 \(seq) 条（\(type)）：\(detail)。请用较早的备份恢复（hall restore 备份文件），或安装写入该记录的程序版本。
                Journal row \(seq) (\(type)) cannot be read: \(detail). Restore an earlier backup (hall restore BACKUP-FILE), \
                or install the version of the hall that wrote it.
                """
        }
    }
}
