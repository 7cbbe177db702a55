/// A matter residents bring to the hall (事项 / 业务), e.g. social insurance enrolment.
public struct Service: Sendable, Hashable, Codable, Identifiable {
    /// Stable identifier used in the API and the journal, e.g. `social-security`.
    public var id: String
    /// The ticket prefix: one upper-case letter (A, B, …). Tickets read `A001`.
    public var prefix: String
    public var name: LocalizedText
    /// What a resident must bring (一次性告知): shown on the kiosk and printed on the ticket.
    public var materials: [LocalizedText]
    /// The promised completion time in working days (承诺时限); 0 means settled on the spot (即办件).
    public var timeLimitDays: Int
    /// Conditions for applying (办理条件), for the public-information board.
    public var conditions: LocalizedText?
    /// Fees and their legal basis (收费标准及依据); nil means free of charge.
    public var fees: LocalizedText?
    /// The service time assumed until the hall has measured its own, in minutes.
    public var expectedMinutes: Int

    public init(
        id: String, prefix: String, name: LocalizedText, materials: [LocalizedText] = [],
        timeLimitDays: Int = 0, conditions: LocalizedText? = nil, fees: LocalizedText? = nil,
        expectedMinutes: Int = 10
    ) {
        self.id = id
        self.prefix = prefix
        self.name = name
        self.materials = materials
        self.timeLimitDays = timeLimitDays
        self.conditions = conditions
        self.fees = fees
        self.expectedMinutes = expectedMinutes
    }
}
