import Foundation
import HallCore

/// The hall-level figures of the picture that change with time as well as with events: the `Hall`
/// actor's ticker sends them when the hall opens or closes, without an event.
public struct HallHeader: Codable, Sendable, Hashable {
    public var day: LocalDate?
    /// Whether residents can take tickets now.
    public var open: Bool
    public var nextOpening: Date?
}

/// How the waiting line changed. A screen drops the `removed` visits and every `added` visit's id,
/// then inserts each `added` visit at its `index`, in the order given (ascending): its line is then
/// exactly the server's, in ticket order.
public struct WaitingChange: Codable, Sendable, Hashable {
    public struct Insert: Codable, Sendable, Hashable {
        /// The visit's place in the new line.
        public var index: Int
        public var visit: VisitView
    }

    public var removed: [String] = []
    public var added: [Insert] = []

    var isEmpty: Bool { removed.isEmpty && added.isEmpty }
}

/// The parts of the hall's picture one event (or the clock) changed, each whole, to be put in place
/// by its key: windows by `number`, services and staff by `id`. Parts that did not change are nil or
/// empty and left out of the message. `devices` and `recentCalls` come whole when they changed.
public struct PictureChange: Sendable {
    public var hall: HallHeader?
    public var windows: [WindowView] = []
    public var services: [ServiceView] = []
    public var staff: [StaffView] = []
    public var waiting: WaitingChange?
    /// The latest calls, newest first.
    public var recentCalls: [CallRecord]?
    public var devices: [DeviceView]?
    // MARK: cases (办件)
    /// The cases ready for pickup, whole, when they changed.
    public var readyCases: [ReadyCaseView]?

    func visible(to audience: FeedAudience) -> PictureChange {
        guard audience == .public else { return self }
        var change = self
        change.windows = windows.map { $0.visible(to: audience) }
        change.waiting = waiting.map { w in
            WaitingChange(removed: w.removed, added: w.added.map { .init(index: $0.index, visit: $0.visit.visible(to: audience)) })
        }
        return change
    }
}

/// `{"kind":"views","seq":N,"at":…,"event":{…},"windows":[…],…}`: one journal event with the views
/// it changed, or (without `event`) the hall-level figures the clock changed.
struct ViewsMessage: Encodable {
    var seq: Int64
    var at: Date
    var event: FeedEvent?
    var change: PictureChange

    private enum Key: String, CodingKey {
        case kind, seq, at, event, hall, windows, services, staff, waiting, recentCalls, devices
        case readyCases  // cases (办件)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode("views", forKey: .kind)
        try c.encode(seq, forKey: .seq)
        try c.encode(at, forKey: .at)
        try c.encodeIfPresent(event, forKey: .event)
        try c.encodeIfPresent(change.hall, forKey: .hall)
        if !change.windows.isEmpty { try c.encode(change.windows, forKey: .windows) }
        if !change.services.isEmpty { try c.encode(change.services, forKey: .services) }
        if !change.staff.isEmpty { try c.encode(change.staff, forKey: .staff) }
        try c.encodeIfPresent(change.waiting, forKey: .waiting)
        try c.encodeIfPresent(change.recentCalls, forKey: .recentCalls)
        try c.encodeIfPresent(change.devices, forKey: .devices)
        try c.encodeIfPresent(change.readyCases, forKey: .readyCases)
    }
}

/// The first message a screen receives (unless it catches up): the whole picture as of `seq`.
struct SnapshotMessage: Encodable {
    var kind = "snapshot"
    var seq: Int64
    var hall: HallSnapshot
}

/// The feed's JSON: the API's own encoder (``JSON/encoder``: ISO 8601 dates with milliseconds,
/// sorted keys), so a view reads the same on the feed as in `GET /api/v1/hall`.
enum LiveJSON {
    static var encoder: JSONEncoder { JSON.encoder }

    static func text(_ value: some Encodable) -> String {
        // Views are plain values: encoding them cannot fail.
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
