import Foundation
import HallCore

/// The picture screens hold, as the `Hall` actor last published it: the same views the snapshot is
/// made of (`HallState.windowView`, `serviceViews`, `staffView`, `visitView` …). After each applied
/// event, ``update(from:after:at:)`` redraws them from the state and answers the parts that differ,
/// so derived figures (estimated waits, waiting counts, a clerk's presence shown at their window)
/// travel with the event that changed them.
///
/// Windows, services, staff, devices and recent calls are few and redrawn whole after each event
/// that can change them (a new ticket changes no window's or staff member's view); the waiting line
/// can be long, so only the visit the event names is redrawn (a `dayStarted` redraws the whole line).
struct LivePicture: Sendable {
    private(set) var header: HallHeader
    private var windows: [Int: WindowView] = [:]
    private var services: [String: ServiceView] = [:]
    private var staff: [String: StaffView] = [:]
    private var devices: [String: DeviceState]
    private var recentCalls: [CallRecord]
    /// The waiting line in ticket order: each visit's id, the fingerprint of the view screens hold
    /// for it (its hash: whether a redraw changed it), and its queue order (ascending). Not the views
    /// themselves: 112 bytes a visit against 32, after a day of tens of thousands of tickets.
    private var waiting: [String] = []
    private var waitingPrint: [Int] = []
    private var waitingOrder: [Int] = []
    /// Each visit in the line by id, with its queue order there: found by a binary search, not by
    /// walking a line of thousands on every ticket.
    private var orderOf: [String: Int] = [:]

    init(_ state: HallState, at now: Date) {
        header = state.header(at: now)
        for view in state.windowViews() { windows[view.number] = view }
        for view in state.serviceViews() { services[view.id] = view }
        for view in state.staffViews() { staff[view.id] = view }
        devices = state.devices
        recentCalls = state.recentCalls
        let line = LivePicture.waitingLine(of: state)
        (waiting, waitingPrint, waitingOrder) = (line.map(\.view.id), line.map(\.view.hashValue), line.map(\.order))
        orderOf = Dictionary(uniqueKeysWithValues: zip(waiting, waitingOrder))
    }

    /// The parts of the picture that differ from `state` at `now`, just after `event` was applied
    /// (nil: the clock moved), and the picture updated to match.
    mutating func update(from state: HallState, after event: HallEvent?, at now: Date) -> PictureChange {
        var change = PictureChange()
        let header = state.header(at: now)
        if header != self.header {
            self.header = header
            change.hall = header
        }
        guard let event else { return change }
        // A new ticket, by far the commonest event, joins a line: no window's or staff member's view
        // shows it (a window shows the visits it calls and holds), and of the services' views only its
        // own service's changes (its waiting count, and so its estimate). Drawing and comparing the
        // other views was most of this function's time under the kiosks' load.
        let joined: String? = if case .ticketIssued(let ticket) = event { ticket.serviceID } else { nil }
        let joinsOnly = joined != nil
        if !joinsOnly {
            for view in state.windowViews() where windows[view.number] != view {
                windows[view.number] = view
                change.windows.append(view)
            }
        }
        for view in state.serviceViews(only: joined) where services[view.id] != view {
            services[view.id] = view
            change.services.append(view)
        }
        if !joinsOnly {
            for view in state.staffViews() where staff[view.id] != view {
                staff[view.id] = view
                change.staff.append(view)
            }
        }
        if state.devices != devices {
            devices = state.devices
            change.devices = state.deviceViews()
        }
        if state.recentCalls != recentCalls {
            recentCalls = state.recentCalls
            change.recentCalls = state.recentCalls.reversed()
        }
        // MARK: cases (办件): the board's pickup list changes only when a case becomes ready or is collected.
        switch event {
        case .caseReady, .casePickedUp: change.readyCases = state.readyCaseViews()
        default: break
        }
        if let id = event.visitID {
            change.waiting = redrawWaiting(id, in: state)
        } else if case .dayStarted = event {
            change.waiting = redrawWaiting(in: state)
        }
        return change
    }

    /// The waiting visits' views in ticket order, each with its queue order.
    private static func waitingLine(of state: HallState) -> [(view: VisitView, order: Int)] {
        state.openVisits.filter { $0.status == .waiting }.compactMap { visit in state.visitView(visit.id).map { ($0, visit.queueOrder) } }
    }

    /// Puts visit `id` where it now belongs: out of the line, or at its place by queue order.
    private mutating func redrawWaiting(_ id: String, in state: HallState) -> WaitingChange? {
        let visit = state.visits[id].flatMap { $0.status == .waiting ? $0 : nil }
        let view = visit.flatMap { state.visitView($0.id) }
        var change = WaitingChange()
        if let order = orderOf[id], let i = position(of: order) {
            if waitingPrint[i] == view?.hashValue && order == visit?.queueOrder { return nil }
            waiting.remove(at: i)
            waitingPrint.remove(at: i)
            waitingOrder.remove(at: i)
            orderOf[id] = nil
            change.removed.append(id)
        }
        if let visit, let view {
            // Visits usually join at the back: look from there.
            var index = waitingOrder.endIndex
            while index > 0 && waitingOrder[index - 1] > visit.queueOrder { index -= 1 }
            waiting.insert(view.id, at: index)
            waitingPrint.insert(view.hashValue, at: index)
            waitingOrder.insert(visit.queueOrder, at: index)
            orderOf[id] = visit.queueOrder
            change.added.append(.init(index: index, visit: view))
        }
        return change.isEmpty ? nil : change
    }

    /// Where the visit of queue order `order` stands in the line.
    private func position(of order: Int) -> Int? {
        var (low, high) = (0, waitingOrder.count)
        while low < high {
            let middle = (low + high) / 2
            if waitingOrder[middle] < order { low = middle + 1 } else { high = middle }
        }
        return low < waitingOrder.count && waitingOrder[low] == order ? low : nil
    }

    /// Redraws the whole line (a new day).
    private mutating func redrawWaiting(in state: HallState) -> WaitingChange? {
        let old = waiting
        let line = LivePicture.waitingLine(of: state)
        (waiting, waitingPrint, waitingOrder) = (line.map(\.view.id), line.map(\.view.hashValue), line.map(\.order))
        orderOf = Dictionary(uniqueKeysWithValues: zip(waiting, waitingOrder))
        let change = WaitingChange(removed: old, added: line.enumerated().map { .init(index: $0.offset, visit: $0.element.view) })
        return change.isEmpty ? nil : change
    }
}
