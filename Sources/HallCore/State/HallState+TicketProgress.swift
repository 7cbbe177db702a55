import Foundation

/// Where one ticket stands, as the resident's phone page (`/t/<code>`) shows it: no personal data,
/// only what the ticket itself says and where its holder is in the line.
public struct TicketProgress: Sendable, Hashable {
    public var visitID: String
    public var number: String
    public var serviceID: String
    public var priority: Priority
    public var status: VisitStatus
    /// People the hall would call before this ticket; nil once it is no longer waiting.
    public var ahead: Int?
    /// Seconds until the ticket is likely called; nil when not waiting or no open window serves it.
    public var estimatedWaitSeconds: Int?
    /// The window the ticket is called to (or was served at).
    public var window: Int?
    /// How often it has been called: 1 for the first call, 2 after a recall (重呼) …
    public var calls: Int
    public var appointmentAt: Date?
    public var ratingStatus: RatingStatus
    public var rating: RatingLevel?
}

extension HallState {
    /// The visit whose ticket carries `secret` (the code printed on it), today; nil for any other code.
    public func visitID(secret: String) -> String? {
        guard !secret.isEmpty else { return nil }
        return secrets.first { $0.value == secret }?.key
    }

    /// Where the ticket with `secret` stands; nil for a code no ticket of today carries.
    public func ticketProgress(secret: String) -> TicketProgress? {
        guard let id = visitID(secret: secret), let visit = visits[id] else { return nil }
        let ahead = visit.status == .waiting ? peopleAhead(of: visit) : nil
        var wait: Int?
        if let ahead {
            let open = visit.targetWindow.map { windows[$0]?.status == .open ? 1 : 0 } ?? openWindows(serving: visit.serviceID)
            if open > 0 {
                wait = Int((Double(ahead) / Double(open)).rounded(.up) * averageServiceSeconds(service: visit.serviceID))
            }
        }
        return TicketProgress(
            visitID: visit.id, number: visit.number, serviceID: visit.serviceID, priority: visit.priority, status: visit.status,
            ahead: ahead, estimatedWaitSeconds: wait, window: visit.window, calls: visit.calledAt == nil ? 0 : visit.recalls + 1,
            appointmentAt: visit.appointmentAt, ratingStatus: visit.ratingStatus, rating: visit.rating)
    }

    /// The waiting visits of the same line that its order puts before `visit`: appointments with an
    /// earlier slot, then, in its own line, visits transferred to the front, priority visits (for a
    /// normal ticket) and those who joined before it.
    func peopleAhead(of visit: Visit) -> Int {
        if let slot = visit.appointmentAt {
            return appointments.compactMap { visits[$0] }.filter {
                $0.id != visit.id && $0.serviceID == visit.serviceID && $0.isWaiting
                    && (($0.appointmentAt ?? slot), $0.queueOrder) < (slot, visit.queueOrder)
            }.count
        }
        let line = visit.targetWindow.map { windowLines[$0] ?? WaitingLine() } ?? lines[visit.serviceID] ?? WaitingLine()
        if let index = line.priority.firstIndex(of: visit.id) {
            return index + line.normal.filter { visits[$0]?.front == true }.count
        }
        guard let index = line.normal.firstIndex(of: visit.id) else { return 0 }
        let frontPriority = visit.front ? line.priority.filter { visits[$0]?.front == true }.count : line.priority.count
        return index + frontPriority
    }
}
