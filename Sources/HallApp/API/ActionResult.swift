import HallCore
import Hummingbird

/// The answer to a window action, a rating, a presence change or a cancellation: the events that
/// happened and, for a window action, the window after them.
struct ActionResult: ResponseEncodable {
    var window: WindowView?
    var events: [HallEvent]

    init(window: WindowView? = nil, _ entries: [JournalEntry]) {
        self.window = window
        events = entries.map(\.event)
    }
}
