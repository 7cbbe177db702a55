import Foundation

/// A home-service request (上门服务, seed 003) for a resident who cannot come: who, where, what,
/// and when it was done. Outlives the day, in ``HomeServiceBook``.
public struct HomeServiceRequest: Sendable, Hashable, Codable, Identifiable {
    /// Drawn by the runtime.
    public var id: String
    public var name: String
    public var phone: String
    public var address: String
    public var matter: String
    public var requestedAt: Date
    /// The account that registered it.
    public var by: String
    public var doneAt: Date?
    public var doneBy: String?
    /// What was done at the resident's home.
    public var result: String?

    public init(
        id: String, name: String, phone: String, address: String, matter: String, requestedAt: Date, by: String, doneAt: Date? = nil,
        doneBy: String? = nil, result: String? = nil
    ) {
        self.id = id
        self.name = name
        self.phone = phone
        self.address = address
        self.matter = matter
        self.requestedAt = requestedAt
        self.by = by
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.result = result
    }

    public var isDone: Bool { doneAt != nil }
}

/// What the guide desk records (首问负责 consultations, 上门服务 requests); ``HallCommand/guideDesk(_:)`` carries it.
public enum GuideDeskCommand: Sendable, Hashable {
    case logConsultation(Consultation)
    /// `requestedAt` is set by the decision.
    case registerHomeService(HomeServiceRequest)
    case completeHomeService(id: String, result: String, by: String)
}

/// What happened at the guide desk; ``HallEvent/guideDesk(_:)`` carries it, flat on the wire.
public enum GuideDeskEvent: Sendable, Hashable {
    case consultationLogged(Consultation)
    case homeServiceRegistered(HomeServiceRequest)
    case homeServiceDone(id: String, result: String, by: String)

    public var type: String {
        switch self {
        case .consultationLogged: "consultationLogged"
        case .homeServiceRegistered: "homeServiceRegistered"
        case .homeServiceDone: "homeServiceDone"
        }
    }

    public static let types: Set<String> = ["consultationLogged", "homeServiceRegistered", "homeServiceDone"]
}

/// The home-service requests across days: a pure value rebuilt at start from its projection table.
public struct HomeServiceBook: Sendable, Hashable {
    public private(set) var requests: [String: HomeServiceRequest] = [:]

    public init(_ requests: [HomeServiceRequest] = []) {
        for r in requests { self.requests[r.id] = r }
    }

    /// Open requests first (oldest first), then the done ones (latest first).
    public var ordered: [HomeServiceRequest] {
        requests.values.sorted {
            if $0.isDone != $1.isDone { return !$0.isDone }
            return $0.isDone ? ($0.doneAt!, $0.id) > ($1.doneAt!, $1.id) : ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id)
        }
    }

    public mutating func apply(_ event: GuideDeskEvent, at: Date) {
        switch event {
        case .consultationLogged: break
        case .homeServiceRegistered(let r): requests[r.id] = r
        case .homeServiceDone(let id, let result, let by):
            requests[id]?.doneAt = at
            requests[id]?.doneBy = by
            requests[id]?.result = result
        }
    }
}
