import Foundation

/// The whole hall as a value: the configuration, today's visits and lines, windows and presence.
///
/// Inputs are methods that return what happened or throw a ``HallError``; none performs I/O or reads
/// a clock. The owner calls ``advance(to:)`` before each command with the same `now`, journals the
/// events both return, and only then acknowledges the command.
///
/// ```swift
/// var state = HallState(configuration: demo)
/// let dawn = state.advance(to: now)                      // [.dayStarted(…)]
/// let events = try state.handle(.callNext(window: 2), at: now)
/// ```
public struct HallState: Sendable {
    public private(set) var configuration: HallConfiguration {
        didSet { windowsServing = Self.windowsServing(configuration) }
    }
    /// The windows that serve each service (first or as backup), in number order, from the
    /// configuration. The screens' picture asks every service's open windows after every event
    /// (``openWindows(serving:)``), and so does the alert check: walking every window's services for
    /// every service was a third of the time a month of simulated history took.
    public private(set) var windowsServing: [String: [Int]] = [:]
    /// The day the state holds; nil before the first day started.
    public private(set) var day: LocalDate?
    public private(set) var visits: [String: Visit] = [:]
    public private(set) var windows: [Int: WindowState] = [:]
    public private(set) var presence: [String: Presence] = [:]
    /// Every device's latest status, by device id. Kept across days.
    public private(set) var devices: [String: DeviceState] = [:]
    /// The latest calls, newest last (at most 20).
    public private(set) var recentCalls: [CallRecord] = []
    /// The highest number issued today per ticket prefix (the printed letter, `A` of `A012`).
    ///
    /// Counted per prefix, not per service: an administrator may give a service another prefix
    /// during the day (even swap two services' prefixes), and a number — and the visit id made from
    /// it — must still never be issued twice in a day.
    public private(set) var issuedToday: [String: Int] = [:]
    var lines: [String: WaitingLine] = [:]
    var windowLines: [Int: WaitingLine] = [:]
    var appointments: [String] = []
    var secrets: [String: String] = [:]
    var queueCounter = 0
    /// Recent service durations in seconds per service, newest last.
    var serviceSeconds: [String: [Double]] = [:]
    /// Finished visits awaiting a rating, in finishing order.
    var awaitingRatings: [String] = []
    // MARK: cases (办件)
    /// The cases open or closed lately, kept across days (loaded from the `cases` projection at start).
    public internal(set) var cases = CaseBook()
    /// Today's outcomes by visit id.
    public internal(set) var outcomes: [String: VisitOutcomeRecorded] = [:]
    // MARK: accountability (差评整改, 投诉建议, 预警)
    /// The follow-ups of bad ratings still open or closed lately; outlives the day (see ``restoreRecords(followUps:complaints:)``).
    public private(set) var followUps = FollowUpBook()
    /// The complaints and suggestions still open or closed lately; outlives the day.
    public private(set) var complaints = ComplaintBook()
    /// The alerts raised and not cleared today, by id.
    public private(set) var alerts: [String: Alert] = [:]
    // MARK: appointments (预约)
    /// Appointments across days (``appointmentBook``); the rollover drops only those finished long ago.
    var appointmentsKept = AppointmentBook()
    // MARK: guide desk (咨询引导台)
    /// Home-service requests across days (``homeServiceBook``).
    var homeServicesKept = HomeServiceBook()

    public init(
        configuration: HallConfiguration, presence: [String: Presence] = [:], devices: [DeviceState] = [], cases: CaseBook = CaseBook()
    ) {
        self.configuration = configuration
        self.windowsServing = Self.windowsServing(configuration)
        self.cases = cases
        for device in devices { self.devices[device.deviceID] = device }
        for member in configuration.staff {
            self.presence[member.id] = presence[member.id] ?? Presence(status: .onDuty)
        }
        resetWindows()
    }

    /// Replaces the configuration (an administrator's change) keeping today's visits.
    public mutating func reconfigure(_ configuration: HallConfiguration) {
        self.configuration = configuration
        // Windows and services no longer configured go (``reconfigureConflict(_:)`` refuses while
        // they are in use); staff no longer configured leave the presence board.
        let windowNumbers = Set(configuration.windows.map(\.number))
        windows = windows.filter { windowNumbers.contains($0.key) }
        windowLines = windowLines.filter { windowNumbers.contains($0.key) }
        let serviceIDs = Set(configuration.services.map(\.id))
        lines = lines.filter { serviceIDs.contains($0.key) }
        let staffIDs = Set(configuration.staff.map(\.id))
        presence = presence.filter { staffIDs.contains($0.key) }
        for window in configuration.windows where windows[window.number] == nil {
            windows[window.number] = WindowState(number: window.number, staffID: window.staffID)
        }
        for member in configuration.staff where presence[member.id] == nil {
            presence[member.id] = Presence(status: .onDuty)
        }
    }

    private static func windowsServing(_ configuration: HallConfiguration) -> [String: [Int]] {
        var serving: [String: [Int]] = [:]
        for service in configuration.services {
            serving[service.id] = configuration.windows.filter { $0.tier(of: service.id) != nil }.map(\.number).sorted()
        }
        return serving
    }

    private mutating func resetWindows() {
        windows = [:]
        for window in configuration.windows {
            windows[window.number] = WindowState(number: window.number, staffID: window.staffID)
        }
    }

    /// Puts in the follow-ups and complaints kept in their own projections: they outlive the day,
    /// so the current day's journal does not hold them all. Call after replaying the day, with the
    /// records the day's start kept (the open ones, and those closed since
    /// ``CaseBook/forgettingCutoff(dayStartedAt:)`` of its start).
    public mutating func restoreRecords(followUps: FollowUpBook, complaints: ComplaintBook) {
        self.followUps = followUps
        self.complaints = complaints
    }

    /// The secret rating code of a visit, for the runtime to check a resident's code against.
    public func secret(of visitID: String) -> String? { secrets[visitID] }

    /// Visits waiting in a service's line (not targeted at one window), in calling order.
    public func waitingCount(service: String) -> Int { lines[service]?.count ?? 0 }

    /// All visits still open today, ordered by ticket.
    public var openVisits: [Visit] {
        visits.values.filter { $0.status.isOpen }.sorted { $0.queueOrder < $1.queueOrder }
    }

    // MARK: Applying events

    /// Applies one event at `at`. Used live and when the journal is replayed, so it never fails.
    public mutating func apply(_ event: HallEvent, at: Date) {
        switch event {
        case .dayStarted(let date):
            day = date
            visits = [:]
            lines = [:]
            windowLines = [:]
            appointments = []
            secrets = [:]
            issuedToday = [:]
            recentCalls = []
            awaitingRatings = []
            outcomes = [:]
            alerts = [:]
            resetWindows()
            // Records finished more than a month ago leave the books for their projections.
            let cutoff = CaseBook.forgettingCutoff(dayStartedAt: at)
            cases.forgetClosed(before: cutoff)
            followUps.forgetClosed(before: cutoff)
            complaints.forgetClosed(before: cutoff)
            appointmentsKept.forgetFinished(before: AppointmentBook.firstKeptDay(dayStarted: date))
        case .ticketIssued(let t):
            queueCounter += 1
            let (prefix, sequence) = HallState.split(number: t.number)
            issuedToday[prefix] = max(issuedToday[prefix] ?? 0, sequence)
            secrets[t.visitID] = t.secret
            visits[t.visitID] = Visit(
                id: t.visitID, number: t.number, serviceID: t.serviceID, priority: t.priority, status: .waiting,
                issuedAt: at, queuedAt: at, queueOrder: queueCounter, front: false, targetWindow: nil,
                appointmentAt: t.appointmentAt, window: nil, staffID: nil, calledAt: nil, recalls: 0, startedAt: nil,
                finishedAt: nil, transfers: 0, ratingStatus: .none, rating: nil, ratingReason: nil)
            enqueue(t.visitID)
        case .visitCalled(let id, let number, let window, let recall, _):
            removeFromLines(id)
            let staffID = windows[window]?.staffID
            update(id) {
                $0.status = .called
                $0.window = window
                $0.staffID = staffID
                if recall { $0.recalls += 1 } else { $0.calledAt = at }
            }
            windows[window]?.current = id
            if !recall, let visit = visits[id] {
                let isPriority = visit.priority.isPriority && !visit.front
                let streak = windows[window]?.priorityStreak ?? 0
                windows[window]?.priorityStreak = isPriority ? streak + 1 : 0
            }
            recentCalls.append(CallRecord(visitID: id, number: number, window: window, recall: recall, at: at))
            if recentCalls.count > 20 { recentCalls.removeFirst(recentCalls.count - 20) }
        case .serviceStarted(let id, _):
            update(id) {
                $0.status = .serving
                $0.startedAt = at
            }
        case .visitFinished(let id, let window, let staffID):
            update(id) {
                $0.status = .finished
                $0.finishedAt = at
                $0.staffID = staffID
                $0.ratingStatus = .awaiting
                if $0.startedAt == nil { $0.startedAt = $0.calledAt }
            }
            if let visit = visits[id], let started = visit.startedAt {
                var samples = serviceSeconds[visit.serviceID] ?? []
                samples.append(at.timeIntervalSince(started))
                if samples.count > configuration.policy.estimateSamples { samples.removeFirst() }
                serviceSeconds[visit.serviceID] = samples
            }
            windows[window]?.current = nil
            windows[window]?.awaitingRating = id
            awaitingRatings.append(id)
        case .visitNoShow(let id, let window, _):
            update(id) { $0.status = .noShow }
            windows[window]?.current = nil
        case .visitTransferred(let id, let from, let service, let toWindow, let position):
            update(id) {
                $0.status = .waiting
                $0.serviceID = service
                $0.targetWindow = toWindow
                $0.front = position == .front
                $0.queuedAt = at
                $0.transfers += 1
                $0.appointmentAt = nil
            }
            windows[from]?.current = nil
            queueCounter += 1
            let order = queueCounter
            update(id) { $0.queueOrder = order }
            enqueue(id)
        case .visitHeld(let id, let window):
            update(id) { $0.status = .held }
            windows[window]?.current = nil
            windows[window]?.held.append(id)
        case .visitResumed(let id, let window):
            update(id) {
                $0.status = .serving
                if $0.startedAt == nil { $0.startedAt = at }
            }
            windows[window]?.held.removeAll { $0 == id }
            windows[window]?.current = id
        case .visitCancelled(let id, _):
            removeFromLines(id)
            if let window = visits[id]?.window {
                if windows[window]?.current == id { windows[window]?.current = nil }
                windows[window]?.held.removeAll { $0 == id }
            }
            update(id) { $0.status = .cancelled }
        case .windowOpened(let window, let staffID):
            windows[window]?.status = .open
            if let staffID { windows[window]?.staffID = staffID }
        case .windowPaused(let window, let reason):
            windows[window]?.status = .paused(reason: reason)
        case .windowClosed(let window):
            windows[window]?.status = .closed
        case .presenceChanged(let staffID, let p):
            presence[staffID] = p
        case .ratingRecorded(let r):
            update(r.visitID) {
                $0.ratingStatus = .rated
                $0.rating = r.level
                $0.ratingReason = r.reason
            }
            clearRatingWait(r.visitID)
        case .ratingExpired(let id):
            update(id) { $0.ratingStatus = .notRated }
            clearRatingWait(id)
        case .deviceStatusChanged(let id, let kind, let window, let status):
            devices[id] = DeviceState(deviceID: id, kind: kind, window: window, status: status)
        case .printJobDropped:
            break
        // MARK: cases (办件)
        case .visitOutcome(let o):
            outcomes[o.visitID] = o
        case .caseAccepted, .caseExtended, .caseReady, .caseCompleted, .casePickedUp:
            cases.apply(event, at: at)
        case .documentPrinted:
            break
        // MARK: accountability
        case .followUp(let e):
            followUps.apply(e, at: at)
        case .complaint(let e):
            complaints.apply(e, at: at)
        case .alertRaised(let alert):
            alerts[alert.id] = alert
        case .alertCleared(let id):
            alerts[id] = nil
        // MARK: appointments (预约)
        case .appointment(let e):
            appointmentsKept.apply(e)
        // MARK: guide desk (咨询引导台)
        case .guideDesk(let e):
            homeServicesKept.apply(e, at: at)
        // MARK: cases (harden)
        case .windowTakenOver:
            // Who is logged in to a window is the sessions' business; the window itself is unchanged.
            break
        }
    }

    private mutating func clearRatingWait(_ id: String) {
        awaitingRatings.removeAll { $0 == id }
        for (n, w) in windows where w.awaitingRating == id { windows[n]?.awaitingRating = nil }
    }

    private mutating func update(_ id: String, _ change: (inout Visit) -> Void) {
        guard var visit = visits[id] else { return }
        change(&visit)
        visits[id] = visit
    }

    /// Puts a waiting visit into its line: appointments apart, targeted visits in their window's line,
    /// front transfers after earlier front transfers, everyone else at the back.
    private mutating func enqueue(_ id: String) {
        guard let visit = visits[id] else { return }
        if visit.appointmentAt != nil {
            appointments.append(id)
            return
        }
        // Mutate the line in place: copying it out of the dictionary would copy the whole array.
        let isPriority = visit.priority.isPriority
        func insert(into ids: inout [String]) {
            if visit.front {
                let index = ids.firstIndex { visits[$0]?.front != true } ?? ids.endIndex
                ids.insert(id, at: index)
            } else {
                ids.append(id)
            }
        }
        switch (visit.targetWindow, isPriority) {
        case (let target?, true): insert(into: &windowLines[target, default: WaitingLine()].priority)
        case (let target?, false): insert(into: &windowLines[target, default: WaitingLine()].normal)
        case (nil, true): insert(into: &lines[visit.serviceID, default: WaitingLine()].priority)
        case (nil, false): insert(into: &lines[visit.serviceID, default: WaitingLine()].normal)
        }
    }

    private mutating func removeFromLines(_ id: String) {
        guard let visit = visits[id] else { return }
        if visit.appointmentAt != nil { appointments.removeAll { $0 == id } }
        if let target = visit.targetWindow { windowLines[target]?.remove(id) } else { lines[visit.serviceID]?.remove(id) }
    }
}

extension HallState {
    /// `A012` → (`A`, 12): the prefix is everything before the trailing digits.
    static func split(number: String) -> (prefix: String, sequence: Int) {
        // By UTF-8 bytes: walking Characters asked Unicode for every one (2 % of a ticket's time).
        let utf8 = number.utf8
        var start = utf8.endIndex
        while start > utf8.startIndex, case UInt8(ascii: "0")...UInt8(ascii: "9") = utf8[utf8.index(before: start)] {
            start = utf8.index(before: start)
        }
        return (String(number[..<start]), Int(number[start...]) ?? 0)
    }
}
