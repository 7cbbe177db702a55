import Foundation
import HallCore

/// A service as the kiosk shows it: people waiting and the estimated wait.
public struct ServiceView: Codable, Sendable, Hashable {
    public var id: String
    public var prefix: String
    public var name: LocalizedText
    public var materials: [LocalizedText]
    public var timeLimitDays: Int
    public var conditions: LocalizedText?
    public var fees: LocalizedText?
    public var waiting: Int
    /// Seconds; nil when no open window serves it now.
    public var estimatedWaitSeconds: Int?
    public var openWindows: Int
}

/// A window as the boards show it.
public struct WindowView: Codable, Sendable, Hashable {
    public var number: Int
    public var name: LocalizedText
    /// `open`, `paused` or `closed`.
    public var status: String
    /// The pause reason; the board shows 暂停服务 with it.
    public var pauseReason: String?
    public var staff: StaffView?
    public var current: VisitView?
    public var held: [VisitView]
    public var primaryServices: [String]
    public var backupServices: [String]
    public var awaitingRating: String?
}

/// A staff member with their presence, for the presence board.
public struct StaffView: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var department: String
    public var title: String
    public var phone: String
    public var photo: String?
    public var status: PresenceStatus
    public var statusLabel: LocalizedText
    public var note: String?
}

/// A visit without its secret.
public struct VisitView: Codable, Sendable, Hashable {
    public var id: String
    public var number: String
    public var serviceID: String
    public var priority: Priority
    public var status: VisitStatus
    public var issuedAt: Date
    public var window: Int?
    public var targetWindow: Int?
    public var recalls: Int
    public var ratingStatus: RatingStatus
    public var rating: RatingLevel?
}

/// Everything a screen needs to draw the hall, as of `seq`.
public struct HallSnapshot: Codable, Sendable {
    public var seq: Int64
    public var at: Date
    public var day: LocalDate?
    public var name: LocalizedText
    public var supervisionPhone: String?
    /// Whether residents can take tickets now.
    public var open: Bool
    public var nextOpening: Date?
    public var services: [ServiceView]
    public var windows: [WindowView]
    /// Waiting visits in ticket order.
    public var waiting: [VisitView]
    /// The latest calls, newest first.
    public var recentCalls: [CallRecord]
    public var staff: [StaffView]
    /// Device statuses (printers, evaluators, keypads) once devices are attached.
    public var devices: [DeviceView]
    // MARK: cases (办件)
    /// Cases ready for pickup, announced on the hall board with the masked name.
    public var readyCases: [ReadyCaseView] = []
}

/// A device's status as the admin page shows it.
public struct DeviceView: Codable, Sendable {
    public var id: String
    public var kind: String
    public var window: Int?
    public var status: DeviceState.Status
}

extension HallState {
    func serviceViews(only id: String? = nil) -> [ServiceView] {
        configuration.services.filter { id == nil || $0.id == id }.map { s in
            ServiceView(
                id: s.id, prefix: s.prefix, name: s.name, materials: s.materials, timeLimitDays: s.timeLimitDays,
                conditions: s.conditions, fees: s.fees, waiting: waitingCount(service: s.id),
                estimatedWaitSeconds: estimatedWait(service: s.id), openWindows: openWindows(serving: s.id))
        }
    }

    func staffView(_ id: String?) -> StaffView? {
        guard let id, let s = configuration.staffMember(id) else { return nil }
        let p = presence[id] ?? Presence(status: .onDuty)
        return StaffView(
            id: s.id, name: s.name, department: s.department, title: s.title, phone: s.phone, photo: s.photo,
            status: p.status, statusLabel: p.status.label, note: p.note)
    }

    func visitView(_ id: String?) -> VisitView? {
        guard let id, let v = visits[id] else { return nil }
        return VisitView(
            id: v.id, number: v.number, serviceID: v.serviceID, priority: v.priority, status: v.status, issuedAt: v.issuedAt,
            window: v.window, targetWindow: v.targetWindow, recalls: v.recalls, ratingStatus: v.ratingStatus, rating: v.rating)
    }

    func windowView(_ number: Int) -> WindowView? {
        guard let config = configuration.window(number), let w = windows[number] else { return nil }
        let (status, reason): (String, String?) =
            switch w.status {
            case .open: ("open", nil)
            case .closed: ("closed", nil)
            case .paused(let reason): ("paused", reason)
            }
        return WindowView(
            number: number, name: config.name, status: status, pauseReason: reason, staff: staffView(w.staffID),
            current: visitView(w.current), held: w.held.compactMap { visitView($0) }, primaryServices: config.primaryServices,
            backupServices: config.backupServices, awaitingRating: w.awaitingRating)
    }

    /// The hall-level figures at `now`: the day, and whether residents can take tickets.
    func header(at now: Date) -> HallHeader {
        HallHeader(day: day, open: configuration.schedule.isOpen(at: now), nextOpening: configuration.schedule.nextOpening(after: now))
    }

    func windowViews() -> [WindowView] { configuration.windows.compactMap { windowView($0.number) } }

    func staffViews() -> [StaffView] { configuration.staff.compactMap { staffView($0.id) } }

    /// Waiting visits in ticket order (the order they joined their lines).
    func waitingViews() -> [VisitView] { openVisits.filter { $0.status == .waiting }.compactMap { visitView($0.id) } }

    /// Device statuses by device id.
    func deviceViews() -> [DeviceView] {
        devices.values.sorted { $0.deviceID < $1.deviceID }
            .map { DeviceView(id: $0.deviceID, kind: $0.kind, window: $0.window, status: $0.status) }
    }

    /// The snapshot screens start from: the whole staff picture.
    func snapshot(seq: Int64, at now: Date) -> HallSnapshot {
        let header = header(at: now)
        return HallSnapshot(
            seq: seq, at: now, day: header.day, name: configuration.name, supervisionPhone: configuration.supervisionPhone,
            open: header.open, nextOpening: header.nextOpening, services: serviceViews(), windows: windowViews(),
            waiting: waitingViews(), recentCalls: recentCalls.reversed(), staff: staffViews(), devices: deviceViews(),
            readyCases: readyCaseViews())
    }
}

/// Small answers computed inside the actor. Routes use these rather than `await hall.state`: a copy
/// of the whole state held outside the actor would make its next change copy every visit.
extension Hall {
    /// The hall as screens of `audience` draw it, consistent with ``seq``: the picture the live feed
    /// starts from (see ``FeedAudience`` for what the public picture leaves out).
    public func snapshot(for audience: FeedAudience = .staff) -> HallSnapshot {
        state.snapshot(seq: seq, at: clock.now()).visible(to: audience)
    }

    public func services() -> [ServiceView] { state.serviceViews() }

    public func service(_ id: String) -> ServiceView? { state.serviceViews(only: id).first }

    public var configuration: HallConfiguration { state.configuration }

    public var day: LocalDate? { state.day }

    public func staffView(_ id: String?) -> StaffView? { state.staffView(id) }

    public func windowView(_ number: Int) -> WindowView? { state.windowView(number) }

    public func windowState(_ number: Int) -> WindowState? { state.windows[number] }

    /// Waiting per service and open windows, for `/metrics`.
    public func gauges() -> (waiting: [(service: String, count: Int)], openWindows: Int, visits: Int) {
        (
            state.configuration.services.map { ($0.id, state.waitingCount(service: $0.id)) },
            state.windows.values.filter { $0.status == .open }.count, state.visits.count
        )
    }
}
