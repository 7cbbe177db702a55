import HallCore
import HallYAML
import Yams

extension NodeReader {
    static let topLevelKeys = [
        "hall", "schedule", "policy", "issue_rate_limit", "services", "windows", "staff", "accounts", "devices",
        // MARK: county (县级汇聚)
        "county",
    ]

    /// Reads the whole file (`profiles`: the device profiles `devices:` may name, nil: not checked); the hall file is built only when no problem was found.
    mutating func hallFile(_ root: Node, profiles: KnownDeviceProfiles?) -> ParsedHallFile? {
        guard let top = fields(root, of: "the hall file", allowed: Self.topLevelKeys) else { return nil }

        var name: LocalizedText?
        var phone: String?
        if let hallNode = value(top, "hall", required: true),
            let hall = fields(hallNode, of: "'hall'", allowed: ["name", "supervision_phone"])
        {
            name = text(hall, "name")
            phone = string(hall, "supervision_phone", required: false)?.value
        }
        let hours = value(top, "schedule", required: true).flatMap { self.schedule($0) }
        let rules = value(top, "policy", required: false).map { self.policy($0) } ?? HallPolicy()
        let issueLimit = value(top, "issue_rate_limit", required: false).map { self.rateLimit($0) } ?? RateLimit.default

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
        guard problems.isEmpty, let name, let hours else { return ParsedHallFile(file: nil, photos: photos) }
        let configuration = HallConfiguration(
            name: name, supervisionPhone: phone, services: services.map(\.service), windows: windows.map(\.window),
            staff: staff.map(\.staff), schedule: hours, policy: rules
        )
        var tokens: [Int: String] = [:]
        for entry in windows { tokens[entry.window.number] = entry.token?.value }
        let file = HallFile(
            configuration: configuration, accounts: accounts.compactMap(\.seed), evaluatorTokens: tokens,
            issueRateLimit: issueLimit, devices: deviceSetup, county: county
        )
        return ParsedHallFile(file: file, photos: photos)
    }

    mutating func policy(_ node: Node) -> HallPolicy {
        let defaults = HallPolicy()
        let keys = ["recall_limit", "priority_streak_limit", "rating_timeout_seconds", "estimate_samples"]
        guard let fields = fields(node, of: "'policy'", allowed: keys) else { return defaults }
        return HallPolicy(
            recallLimit: int(fields, "recall_limit", required: false)?.value ?? defaults.recallLimit,
            priorityStreakLimit: int(fields, "priority_streak_limit", required: false, minimum: 1)?.value
                ?? defaults.priorityStreakLimit,
            ratingTimeoutSeconds: int(fields, "rating_timeout_seconds", required: false, minimum: 1)?.value
                ?? defaults.ratingTimeoutSeconds,
            estimateSamples: int(fields, "estimate_samples", required: false, minimum: 1)?.value
                ?? defaults.estimateSamples
        )
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
}
