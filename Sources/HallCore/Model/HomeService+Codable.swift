import Foundation

/// A guide-desk event on the wire, flat beside its `type` (which ``HallEvent`` writes). Questions,
/// names, phones and addresses are personal: only the journal (``CodingUserInfoKey/includeSecrets``)
/// holds them; the live feed carries the record's id.
extension GuideDeskEvent: Codable {
    private enum Key: String, CodingKey { case type, id, result, by }

    public func encode(to encoder: any Encoder) throws {
        let secrets = encoder.userInfo[.includeSecrets] as? Bool == true
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .consultationLogged(let consultation):
            if secrets { try consultation.encode(to: encoder) } else { try c.encode(consultation.id, forKey: .id) }
        case .homeServiceRegistered(let request):
            if secrets { try request.encode(to: encoder) } else { try c.encode(request.id, forKey: .id) }
        case .homeServiceDone(let id, let result, let by):
            try c.encode(id, forKey: .id)
            if secrets {
                try c.encode(result, forKey: .result)
                try c.encode(by, forKey: .by)
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "consultationLogged": self = .consultationLogged(try Consultation(from: decoder))
        case "homeServiceRegistered": self = .homeServiceRegistered(try HomeServiceRequest(from: decoder))
        case "homeServiceDone":
            self = .homeServiceDone(
                id: try c.decode(String.self, forKey: .id), result: try c.decode(String.self, forKey: .result),
                by: try c.decode(String.self, forKey: .by))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown guide-desk event \(type)")
        }
    }
}
