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

    public init(recallLimit: Int = 3, priorityStreakLimit: Int = 3, ratingTimeoutSeconds: Int = 600, estimateSamples: Int = 20) {
        self.recallLimit = recallLimit
        self.priorityStreakLimit = priorityStreakLimit
        self.ratingTimeoutSeconds = ratingTimeoutSeconds
        self.estimateSamples = estimateSamples
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
