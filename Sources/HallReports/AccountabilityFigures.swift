public import Foundation
public import HallCore

/// A complaint (投诉建议) as the reports count it: the complaint and, when it names a ticket, the
/// visit of that ticket on the day it was made (its service, window and the member of staff who
/// served). A complaint naming no ticket concerns nobody in particular: it counts in the total only.
public struct ComplaintFigure: Sendable, Hashable {
    public var complaint: Complaint
    public var visit: VisitRecord?

    public init(_ complaint: Complaint, visit: VisitRecord?) {
        self.complaint = complaint
        self.visit = visit
    }

    /// Each complaint with the visit its ticket names: the ticket of that number taken on the local
    /// day the complaint was made.
    public static func matching(_ complaints: [Complaint], visits: [VisitRecord], utcOffsetMinutes: Int) -> [ComplaintFigure] {
        let byTicket = Dictionary(visits.map { ("\($0.day) \($0.number)", $0) }, uniquingKeysWith: { a, _ in a })
        return complaints.map { c in
            let day = LocalDate.local(c.submittedAt, utcOffsetMinutes: utcOffsetMinutes).date
            return ComplaintFigure(c, visit: c.ticket.flatMap { byTicket["\(day) \($0)"] })
        }
    }

    /// Replied by its due day (local time).
    public func repliedOnTime(utcOffsetMinutes: Int) -> Bool {
        guard let replied = complaint.repliedAt else { return false }
        return LocalDate.local(replied, utcOffsetMinutes: utcOffsetMinutes).date <= complaint.due
    }
}

/// How the follow-ups of a set of bad ratings stood at an instant (the report's end): followed up
/// when someone was made to answer for it, called back or closed it; closed when closed.
public struct FollowUpCounts: Sendable, Hashable {
    public var bad = 0
    public var followedUp = 0
    public var closed = 0

    public var followedUpRate: Double? { PeriodFigures.rate(followedUp, bad) }
    public var closedRate: Double? { PeriodFigures.rate(closed, bad) }

    /// `visits`: any visits (the bad-rated ones count); `followUps`: by the rated visit's id.
    public init(_ visits: [VisitRecord], followUps: [String: FollowUp], until end: Date) {
        for visit in visits where visit.rating?.isBad == true {
            bad += 1
            guard let f = followUps[visit.id] else { continue }
            if f.history.contains(where: { $0.kind != .opened && $0.at < end }) { followedUp += 1 }
            if let closedAt = f.closedAt, closedAt < end { closed += 1 }
        }
    }
}

extension ReportMonth {
    /// The instant the month ends: midnight, local time, starting the next month's first day.
    public func end(utcOffsetMinutes: Int) -> Date { last.adding(days: 1).instant(minute: 0, utcOffsetMinutes: utcOffsetMinutes) }

    /// Whether `instant` falls on a local day of the month.
    public func contains(_ instant: Date, utcOffsetMinutes: Int) -> Bool {
        let day = LocalDate.local(instant, utcOffsetMinutes: utcOffsetMinutes).date
        return day >= first && day <= last
    }
}
