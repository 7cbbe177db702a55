import Foundation

/// What keeps the hall from working as promised, beyond the journal's durability settings: a
/// journal that cannot be written (the hall takes no commands), and in-process subscribers
/// (printing, buttons) whose feed ended. `/healthz` answers 503 `degraded` while any is present.
///
/// ```json
/// {"journalOutage": {"since": "…", "error": "SQLite error 13: database or disk is full", "attempts": 3},
///  "stoppedSubscribers": ["printing"]}
/// ```
struct HealthProblems: Encodable, Sendable {
    /// Set while the hall takes no commands because its journal cannot be written.
    var journalOutage: JournalOutage?
    /// In-process subscribers that stopped hearing the hall's events, by name.
    var stoppedSubscribers: [String]

    var isEmpty: Bool { journalOutage == nil && stoppedSubscribers.isEmpty }

    init(_ hall: Hall) async {
        journalOutage = await hall.outage
        stoppedSubscribers = hall.bus.stoppedSubscribers
    }
}
