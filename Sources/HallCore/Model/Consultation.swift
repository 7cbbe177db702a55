import Foundation

/// A consultation at the guide desk (首问负责, seed 003): the question, the answer given or the
/// department the resident was referred to. No ticket needed; counted in the statistics.
public struct Consultation: Sendable, Hashable, Codable, Identifiable {
    /// Drawn by the runtime.
    public var id: String
    public var question: String
    /// The answer given on the spot.
    public var answer: String?
    /// The department (and its phone) the resident was referred to, when it is not the hall's business.
    public var referral: String?
    /// The service it was about, when it is one of the hall's.
    public var serviceID: String?
    /// The guide-desk account that answered (首问责任人).
    public var by: String

    public init(id: String, question: String, answer: String? = nil, referral: String? = nil, serviceID: String? = nil, by: String) {
        self.id = id
        self.question = question
        self.answer = answer
        self.referral = referral
        self.serviceID = serviceID
        self.by = by
    }
}

extension TextLimit {
    /// A consultation's question, answer or referral.
    public static let consultationText = TextLimit(field: LocalizedText(zh: "咨询内容", en: "consultation text"), maxCharacters: 300)
}
