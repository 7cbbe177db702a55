import Foundation
import HallCore

/// What crosses the network to the county: the ONE place that decides it.
///
/// The `switch` over ``HallEvent`` has no `default`: an event case added anywhere in the hall stops
/// the build here until someone decides what of it the county may see. The rules:
/// - never a ticket's rating code (`secret`), never a phone number, never free text a person typed
///   (pause reasons, presence notes, rating reasons: the county learns only that one was given);
/// - people by their staff id, and by a masked name (张*伟) in the hall's profile;
/// - what the county's reports count: visits, services, windows, times, outcomes, rating levels.
public enum CountyRedaction {
    /// The journal entry as the county receives it.
    public static func record(_ entry: JournalEntry) -> CountyRecord {
        var f: [String: CountyValue] = [:]
        switch entry.event {
        case .dayStarted(let date):
            f["date"] = .string(date.description)
        case .ticketIssued(let t):
            // Not `secret` (the rating code printed on the ticket), not the appointment time.
            f["visitID"] = .string(t.visitID)
            f["number"] = .string(t.number)
            f["serviceID"] = .string(t.serviceID)
            f["priority"] = .string(t.priority.rawValue)
            f["ahead"] = .int(t.ahead)
            if let wait = t.estimatedWaitSeconds { f["estimatedWaitSeconds"] = .int(wait) }
            f["appointment"] = .bool(t.appointmentAt != nil)
        case .visitCalled(let visitID, let number, let window, let recall, let calls):
            f["visitID"] = .string(visitID)
            f["number"] = .string(number)
            f["window"] = .int(window)
            f["recall"] = .bool(recall)
            f["calls"] = .int(calls)
        case .serviceStarted(let visitID, let window), .visitHeld(let visitID, let window), .visitResumed(let visitID, let window):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
        case .visitFinished(let visitID, let window, let staffID):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
            if let staffID { f["staffID"] = .string(staffID) }
        case .visitNoShow(let visitID, let window, let reason):
            f["visitID"] = .string(visitID)
            f["window"] = .int(window)
            f["reason"] = .string(reason.rawValue)
        case .visitTransferred(let visitID, let fromWindow, let toService, let toWindow, let position):
            f["visitID"] = .string(visitID)
            f["fromWindow"] = .int(fromWindow)
            f["toService"] = .string(toService)
            if let toWindow { f["toWindow"] = .int(toWindow) }
            f["position"] = .string(position.rawValue)
        case .visitCancelled(let visitID, let reason):
            f["visitID"] = .string(visitID)
            f["reason"] = .string(reason.rawValue)
        case .windowOpened(let window, let staffID):
            f["window"] = .int(window)
            if let staffID { f["staffID"] = .string(staffID) }
        case .windowPaused(let window, _):
            // The clerk's pause reason is free text: it stays in the hall.
            f["window"] = .int(window)
        case .windowClosed(let window):
            f["window"] = .int(window)
        case .presenceChanged(let staffID, let presence):
            // The status only; the note (where the person went, when back) stays in the hall.
            f["staffID"] = .string(staffID)
            f["status"] = .string(presence.status.rawValue)
        case .ratingRecorded(let r):
            // The level and who/what was rated; the resident's words stay in the hall.
            f["visitID"] = .string(r.visitID)
            f["level"] = .int(r.level.rawValue)
            f["reasonGiven"] = .bool(r.reason != nil)
            f["source"] = .string(r.source)
            f["window"] = .int(r.window)
            if let staffID = r.staffID { f["staffID"] = .string(staffID) }
            f["serviceID"] = .string(r.serviceID)
            f["reasonPending"] = .bool(r.reasonPending)
        case .ratingExpired(let visitID):
            f["visitID"] = .string(visitID)
        case .deviceStatusChanged(let deviceID, let kind, let window, let status):
            f["deviceID"] = .string(deviceID)
            f["kind"] = .string(kind)
            if let window { f["window"] = .int(window) }
            f["status"] = .string(status.rawValue)
        case .printJobDropped(let deviceID, _, let visitID, let reason):
            f["deviceID"] = .string(deviceID)
            if let visitID { f["visitID"] = .string(visitID) }
            f["reason"] = .string(reason)
        }
        return CountyRecord(seq: entry.seq, at: entry.at, type: entry.event.type, fields: f)
    }

    /// The hall's configuration as the county sees it: services, windows, and staff by id with a
    /// masked name, department and title (no phone, no photo).
    public static func profile(_ c: HallConfiguration) -> CountyHallProfile {
        CountyHallProfile(
            name: .init(zh: c.name.zh, en: c.name.en),
            services: c.services.map { .init(id: $0.id, name: .init(zh: $0.name.zh, en: $0.name.en), timeLimitDays: $0.timeLimitDays) },
            windows: c.windows.map {
                .init(number: $0.number, name: .init(zh: $0.name.zh, en: $0.name.en), services: $0.primaryServices + $0.backupServices)
            },
            staff: c.staff.map { .init(id: $0.id, name: maskName($0.name), department: $0.department, title: $0.title) })
    }

    /// 张三伟 → 张*伟, 张三 → 张*, Smith → S***h: the first and last character stay.
    public static func maskName(_ name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }
}

/// A hall's configuration as it crosses to the county (``CountyRedaction/profile(_:)``).
public struct CountyHallProfile: Sendable, Hashable, Codable {
    public struct Text: Sendable, Hashable, Codable {
        public var zh: String
        public var en: String
    }
    public struct ServiceEntry: Sendable, Hashable, Codable {
        public var id: String
        public var name: Text
        public var timeLimitDays: Int
    }
    public struct WindowEntry: Sendable, Hashable, Codable {
        public var number: Int
        public var name: Text
        public var services: [String]
    }
    public struct StaffEntry: Sendable, Hashable, Codable {
        public var id: String
        /// Masked: 张*伟.
        public var name: String
        public var department: String
        public var title: String
    }

    public var name: Text
    public var services: [ServiceEntry]
    public var windows: [WindowEntry]
    public var staff: [StaffEntry]

    /// Sorted-key JSON: the same configuration gives the same text, so a change is a changed text.
    public var json: String {
        String(decoding: (try? CountyRecord.encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
