/// What the admin page shows for a window's scanner.
public enum ScannerStatus: String, Hashable, Sendable, Codable {
    /// Open and idle, or the last scan went well.
    case ready
    case scanning
    /// Another program (or another window) has it open.
    case busy
    /// The feeder has no paper.
    case feederEmpty
    case paperJam
    case coverOpen
    /// The device stopped answering or vanished (unplugged, powered off) — it needs a look.
    case offline
    /// No scanner of that name is attached, or none at all.
    case notFound
    /// Something else went wrong; the error says what.
    case fault
}
