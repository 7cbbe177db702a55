import HallCore
import HallYAML
import Yams

extension NodeReader {
    static let topLevelKeys = [
        "hall", "schedule", "policy", "issue_rate_limit", "services", "windows", "staff", "accounts", "devices",
        // MARK: county (县级汇聚)
        "county",
        // MARK: accountability
        "alerts", "follow_ups", "complaints",
        // MARK: appointments (预约)
        "appointments",
        // MARK: reports (统计与考核)
        "appraisal",
        // MARK: limits (harden)
        "limits",
    ]

    /// Reads the whole file (`profiles`: the device profiles `devices:` may name, nil: not checked); the hall file is built only when no problem was found.
    mutating func hallFile(_ root: Node, profiles: KnownDeviceProfiles?) -> ParsedHallFile? {
        guard let top = fields(root, of: "the hall file", allowed: Self.topLevelKeys) else { return nil }

        var name: LocalizedText?
        var phone: String?
        var baseURL: String?
        if let hallNode = value(top, "hall", required: true),
            let hall = fields(hallNode, of: "'hall'", allowed: ["name", "supervision_phone", "base_url"])
        {
            name = text(hall, "name")
            phone = string(hall, "supervision_phone", required: false)?.value
            // MARK: cases (办件)
            baseURL = self.baseURL(hall)
        }
        let hours = value(top, "schedule", required: true).flatMap { self.schedule($0) }
        var rules = value(top, "policy", required: false).map { self.policy($0) } ?? HallPolicy()
        let alerts = alertPolicy(top)
        // MARK: reports (统计与考核)
        if let node = value(top, "appraisal", required: false) { rules.appraisal = appraisalWeights(node) }
        let issueLimit = value(top, "issue_rate_limit", required: false).map { self.rateLimit($0) } ?? RateLimit.default
        let limits = value(top, "limits", required: false).map { self.limits($0) } ?? HallLimits.default

        let serviceNodes = list(top, "services")
        let services = (serviceNodes ?? []).enumerated().compactMap { service($1, index: $0) }
        let staff = (list(top, "staff", required: false) ?? []).enumerated().compactMap { staffMember($1, index: $0) }
        let windowNodes = list(top, "windows")
        let windows = (windowNodes ?? []).enumerated().compactMap { window($1, index: $0) }
        let accounts = (list(top, "accounts") ?? []).enumerated().compactMap { account($1, index: $0) }
        if serviceNodes?.isEmpty == true, let (key, _) = top.entries["services"] {
            report("the hall offers no services: add at least one under 'services'", at: key)
        }
        if windowNodes?.isEmpty == true, let (key, _) = top.entries["windows"] {
            report("the hall has no windows: add at least one under 'windows'", at: key)
        }

        crossCheck(services: services, windows: windows, staff: staff, accounts: accounts, at: top)
        let windowNumbers = Set(windows.map(\.number.value))
        let deviceSetup =
            value(top, "devices", required: false).map { self.devices($0, windows: windowNumbers, profiles: profiles) } ?? .none
        // MARK: county (县级汇聚)
        let county = value(top, "county", required: false).flatMap { self.county($0) }
        let photos = staff.compactMap(\.photo)
        // MARK: appointments (预约)
        let appointments = value(top, "appointments", required: false).flatMap {
            self.appointmentPolicy($0, services: Set(services.map(\.service.id)))
        }
        guard problems.isEmpty, let name, let hours else { return ParsedHallFile(file: nil, photos: photos) }
        var configuration = HallConfiguration(
            name: name, supervisionPhone: phone, services: services.map(\.service), windows: windows.map(\.window),
            staff: staff.map(\.staff), schedule: hours, policy: rules, baseURL: baseURL, alerts: alerts
        )
        configuration.appointments = appointments  // appointments (预约)
        var tokens: [Int: String] = [:]
        for entry in windows { tokens[entry.window.number] = entry.token?.value }
        let file = HallFile(
            configuration: configuration, accounts: accounts.compactMap(\.seed), evaluatorTokens: tokens,
            issueRateLimit: issueLimit, devices: deviceSetup, county: county, limits: limits
        )
        return ParsedHallFile(file: file, photos: photos)
    }

    mutating func policy(_ node: Node) -> HallPolicy {
        let defaults = HallPolicy()
        let keys = [
            "recall_limit", "priority_streak_limit", "rating_timeout_seconds", "estimate_samples",
            // MARK: reports (统计与考核)
            "wait_target_minutes",
        ]
        guard let fields = fields(node, of: "'policy'", allowed: keys) else { return defaults }
        var policy = HallPolicy(
            recallLimit: int(fields, "recall_limit", required: false)?.value ?? defaults.recallLimit,
            priorityStreakLimit: int(fields, "priority_streak_limit", required: false, minimum: 1)?.value
                ?? defaults.priorityStreakLimit,
            ratingTimeoutSeconds: int(fields, "rating_timeout_seconds", required: false, minimum: 1)?.value
                ?? defaults.ratingTimeoutSeconds,
            estimateSamples: int(fields, "estimate_samples", required: false, minimum: 1)?.value
                ?? defaults.estimateSamples
        )
        // MARK: reports (统计与考核)
        policy.waitTargetMinutes = int(fields, "wait_target_minutes", required: false, minimum: 1)?.value ?? defaults.waitTargetMinutes
        return policy
    }

    // MARK: reports (统计与考核)
    /// `appraisal:` — the points of the appraisal sheet's score; the four rate weights add up to 100.
    mutating func appraisalWeights(_ node: Node) -> AppraisalWeights {
        let d = AppraisalWeights()
        // MARK: account-3: `publish` (公布考核结果 on the information board).
        let keys = ["satisfaction", "on_time", "attendance", "visits", "bad_rating_penalty", "complaint_penalty", "publish"]
        guard let fields = fields(node, of: "'appraisal'", allowed: keys) else { return d }
        func points(_ key: String, _ fallback: Int) -> Int { int(fields, key, required: false)?.value ?? fallback }
        var weights = AppraisalWeights(
            satisfaction: points("satisfaction", d.satisfaction), onTime: points("on_time", d.onTime),
            attendance: points("attendance", d.attendance), visits: points("visits", d.visits),
            badRatingPenalty: points("bad_rating_penalty", d.badRatingPenalty),
            complaintPenalty: points("complaint_penalty", d.complaintPenalty))
        // MARK: account-3
        weights.publish = bool(fields, "publish", required: false)?.value ?? false
        let sum = weights.satisfaction + weights.onTime + weights.attendance + weights.visits
        if sum != 100 {
            report("the weights in 'appraisal' (satisfaction, on_time, attendance, visits) must add up to 100, not \(sum)", at: node)
        }
        return weights
    }

    mutating func rateLimit(_ node: Node) -> RateLimit {
        guard let fields = fields(node, of: "'issue_rate_limit'", allowed: ["per_minute", "burst"]) else {
            return .default
        }
        let perMinute = int(fields, "per_minute", required: false)
        let burst = int(fields, "burst", required: false)
        let limit = RateLimit(
            perMinute: perMinute?.value ?? RateLimit.default.perMinute, burst: burst?.value ?? RateLimit.default.burst)
        if limit.perMinute > 0, let burst, burst.value == 0 {
            report(
                "'burst' in 'issue_rate_limit' must be at least 1 when 'per_minute' is set, or no ticket could ever be issued",
                at: burst.position)
        }
        return limit
    }

    // MARK: limits (harden)

    /// `limits:`: `print_hold` and `live_feed`, each field optional (the default where absent).
    mutating func limits(_ node: Node) -> HallLimits {
        var limits = HallLimits.default
        guard let top = fields(node, of: "'limits'", allowed: ["print_hold", "live_feed"]) else { return limits }
        if let hold = value(top, "print_hold", required: false),
            let f = fields(hold, of: "'print_hold' in 'limits'", allowed: ["jobs", "ticket_minutes", "document_minutes"])
        {
            limits.printHold.jobs = int(f, "jobs", required: false, minimum: 1, maximum: 1_000)?.value ?? limits.printHold.jobs
            limits.printHold.ticketMinutes =
                int(f, "ticket_minutes", required: false, minimum: 1, maximum: 24 * 60)?.value ?? limits.printHold.ticketMinutes
            limits.printHold.documentMinutes =
                int(f, "document_minutes", required: false, minimum: 1, maximum: 24 * 60)?.value ?? limits.printHold.documentMinutes
        }
        if let feed = value(top, "live_feed", required: false),
            let f = fields(feed, of: "'live_feed' in 'limits'", allowed: ["per_address", "total", "write_timeout_seconds"])
        {
            let perAddress = int(f, "per_address", required: false, minimum: 1, maximum: 10_000)
            let total = int(f, "total", required: false, minimum: 1, maximum: 10_000)
            limits.liveFeed.perAddress = perAddress?.value ?? limits.liveFeed.perAddress
            limits.liveFeed.total = total?.value ?? limits.liveFeed.total
            limits.liveFeed.writeTimeoutSeconds =
                int(f, "write_timeout_seconds", required: false, minimum: 1, maximum: 3_600)?.value ?? limits.liveFeed.writeTimeoutSeconds
            if let perAddress, limits.liveFeed.perAddress > limits.liveFeed.total {
                report(
                    "'per_address' in 'live_feed' (\(perAddress.value)) is more than 'total' (\(limits.liveFeed.total)): one address could take every connection",
                    at: perAddress.position)
            }
        }
        return limits
    }
}
