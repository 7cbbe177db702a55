/// The rules the hall runs by; every number here is configurable in the hall file.
public struct HallPolicy: Sendable, Hashable, Codable {
    /// Recalls allowed before an unanswered visit becomes a no-show (default 3).
    public var recallLimit: Int
    /// After this many consecutive priority calls at a window, one normal visit is called (default 3).
    public var priorityStreakLimit: Int
    /// How long after finishing a visit may be rated before it is recorded as not rated.
    public var ratingTimeoutSeconds: Int
    /// How many recent service times per service feed the wait estimate.
    public var estimateSamples: Int
    // MARK: reports (统计与考核)
    /// The wait a resident should not exceed, in minutes: statistics give the share of waits above it
    /// (`policy.wait_target_minutes`, default 20).
    public var waitTargetMinutes: Int = 20
    /// The weights of the staff appraisal sheet's score (`appraisal:` in the hall file).
    public var appraisal: AppraisalWeights = AppraisalWeights()

    public init(recallLimit: Int = 3, priorityStreakLimit: Int = 3, ratingTimeoutSeconds: Int = 600, estimateSamples: Int = 20) {
        self.recallLimit = recallLimit
        self.priorityStreakLimit = priorityStreakLimit
        self.ratingTimeoutSeconds = ratingTimeoutSeconds
        self.estimateSamples = estimateSamples
    }

    // MARK: reports (统计与考核)
    /// Policies stored before `waitTargetMinutes` and `appraisal` existed lack them: they get the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        recallLimit = try c.decode(Int.self, forKey: .recallLimit)
        priorityStreakLimit = try c.decode(Int.self, forKey: .priorityStreakLimit)
        ratingTimeoutSeconds = try c.decode(Int.self, forKey: .ratingTimeoutSeconds)
        estimateSamples = try c.decode(Int.self, forKey: .estimateSamples)
        waitTargetMinutes = try c.decodeIfPresent(Int.self, forKey: .waitTargetMinutes) ?? 20
        appraisal = try c.decodeIfPresent(AppraisalWeights.self, forKey: .appraisal) ?? AppraisalWeights()
    }
}

// MARK: reports (统计与考核)
/// How the staff appraisal sheet (考核表) scores a member of staff, out of 100: the four rates (each
/// 0–100 %, a rate with nothing to measure counts in full) weighted by points that add up to 100, minus
/// penalty points per bad rating and per complaint, never below 0.
public struct AppraisalWeights: Sendable, Hashable, Codable {
    /// Points for the satisfaction rate (基本满意 or better over all rated).
    public var satisfaction: Int
    /// Points for the on-time rate of accepted cases.
    public var onTime: Int
    /// Points for attendance (在岗 time over opening hours).
    public var attendance: Int
    /// Points for the visits served, relative to the member of staff who served the most.
    public var visits: Int
    /// Points taken off per bad rating (不满意 or worse).
    public var badRatingPenalty: Int
    /// Points taken off per complaint concerning the member of staff.
    public var complaintPenalty: Int
    // MARK: account-3
    /// 公布考核结果: whether the information board shows last month's summary by window
    /// (`appraisal: publish: true`; off by default).
    public var publish: Bool = false

    public init(
        satisfaction: Int = 40, onTime: Int = 20, attendance: Int = 20, visits: Int = 20, badRatingPenalty: Int = 2,
        complaintPenalty: Int = 5
    ) {
        self.satisfaction = satisfaction
        self.onTime = onTime
        self.attendance = attendance
        self.visits = visits
        self.badRatingPenalty = badRatingPenalty
        self.complaintPenalty = complaintPenalty
    }

    // MARK: account-3
    /// Weights stored before `publish` existed lack it: not published.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        satisfaction = try c.decode(Int.self, forKey: .satisfaction)
        onTime = try c.decode(Int.self, forKey: .onTime)
        attendance = try c.decode(Int.self, forKey: .attendance)
        visits = try c.decode(Int.self, forKey: .visits)
        badRatingPenalty = try c.decode(Int.self, forKey: .badRatingPenalty)
        complaintPenalty = try c.decode(Int.self, forKey: .complaintPenalty)
        publish = try c.decodeIfPresent(Bool.self, forKey: .publish) ?? false
    }
}

/// Everything the hall is configured with: seeded from the hall file, kept in the database.
public struct HallConfiguration: Sendable, Hashable, Codable {
    public var name: LocalizedText
    /// The supervision phone (监督电话) shown on the boards.
    public var supervisionPhone: String?
    public var services: [Service]
    public var windows: [Window]
    public var staff: [Staff]
    public var schedule: HallSchedule
    public var policy: HallPolicy
    // MARK: cases (办件)
    /// The hall's public address (`hall.base_url`), which the QR codes on tickets and receipts open,
    /// e.g. `http://192.168.1.20:8080`; nil: this machine's LAN address, found at start.
    public var baseURL: String?
    // MARK: accountability (差评整改, 投诉建议, 预警)
    /// Alert thresholds and the follow-ups' and complaints' due days; nil: the defaults, no alerts.
    public var alerts: AlertPolicy?
    // MARK: appointments (预约)
    /// The bookable services (the hall file's `appointments:`); nil when the hall takes no appointments.
    public var appointments: AppointmentPolicy? = nil

    public init(
        name: LocalizedText, supervisionPhone: String? = nil, services: [Service], windows: [Window], staff: [Staff],
        schedule: HallSchedule, policy: HallPolicy = HallPolicy(), baseURL: String? = nil, alerts: AlertPolicy? = nil
    ) {
        self.baseURL = baseURL
        self.alerts = alerts
        self.name = name
        self.supervisionPhone = supervisionPhone
        self.services = services
        self.windows = windows
        self.staff = staff
        self.schedule = schedule
        self.policy = policy
    }

    public func service(_ id: String) -> Service? { services.first { $0.id == id } }
    public func window(_ number: Int) -> Window? { windows.first { $0.number == number } }
    public func staffMember(_ id: String) -> Staff? { staff.first { $0.id == id } }
    /// ``alerts``, or the defaults (which raise no alerts).
    public var alertPolicy: AlertPolicy { alerts ?? AlertPolicy(raises: false) }
    // MARK: appointments (预约)
    public var appointmentPolicy: AppointmentPolicy { appointments ?? AppointmentPolicy() }
}
