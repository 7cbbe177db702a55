public import HallCore

/// Everything a hall file holds: the hall's configuration plus what only the running app needs
/// (the accounts to seed, the evaluator devices' tokens, the ticket issue limit).
///
/// ```swift
/// let file = try HallFileLoader.load(path: "Halls/demo-hall.yaml")
/// print(file.configuration.windows.count)
/// ```
public struct HallFile: Sendable, Hashable {
    /// Services, windows, staff, schedule and policy.
    public var configuration: HallConfiguration
    /// The accounts to create when the hall's database is first set up.
    public var accounts: [AccountSeed]
    /// The device token of each window's electronic evaluator (评价器), keyed by window number.
    public var evaluatorTokens: [Int: String]
    /// How fast the kiosk may issue tickets.
    public var issueRateLimit: RateLimit
    /// The printers, buttons, buses and scanners (`devices:`); none when the section is absent.
    public var devices: DeviceSetup
    // MARK: county (县级汇聚)
    /// The county database the journal is forwarded to (`county:`); nil: the hall forwards nothing.
    public var county: CountyLink?
    // MARK: limits (harden)
    /// Printer holds and live-feed connections (`limits:`); ``HallLimits/default`` when absent.
    public var limits: HallLimits = .default

    /// A hall file's contents; the rate limit defaults to ``RateLimit/default``.
    public init(
        configuration: HallConfiguration, accounts: [AccountSeed], evaluatorTokens: [Int: String] = [:],
        issueRateLimit: RateLimit = .default, devices: DeviceSetup = .none, county: CountyLink? = nil,
        limits: HallLimits = .default
    ) {
        self.configuration = configuration
        self.accounts = accounts
        self.evaluatorTokens = evaluatorTokens
        self.issueRateLimit = issueRateLimit
        self.devices = devices
        self.county = county
        self.limits = limits
    }
}

/// A login the hall file asks for.
public struct AccountSeed: Sendable, Hashable {
    /// The login name, unique in the hall.
    public var username: String
    /// What the login may do.
    public var role: AccountRole
    /// The staff member this login belongs to; every clerk has one, an administrator may.
    public var staffID: String?
    /// The password to set, in clear text or already hashed.
    public var password: PasswordSeed
    /// The windows a clerk may log in to (`windows: [1, 2]`); nil when the hall file does not
    /// say, and then a clerk may take any window of the hall.
    public var windows: [Int]?

    /// An account to create; `staffID` binds it to a member of staff, `windows` limits where a clerk works.
    public init(username: String, role: AccountRole, staffID: String? = nil, password: PasswordSeed, windows: [Int]? = nil) {
        self.username = username
        self.role = role
        self.staffID = staffID
        self.password = password
        self.windows = windows
    }
}

/// What a login may do.
public enum AccountRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// 中心管理员: configures the hall, reviews ratings and reports.
    case admin
    /// 窗口工作人员: calls, serves and transfers at a window.
    case clerk
    // MARK: guide desk (咨询引导台)
    /// 咨询引导台: issues tickets for residents, grants priority, logs consultations.
    case guide
}

/// A password as the hall file gives it.
///
/// Its description never shows a plain password, so logging an account does not leak it.
public enum PasswordSeed: Sendable, Hashable, CustomStringConvertible {
    /// A password in clear text (`password:`), to be hashed when the account is created.
    case plain(String)
    /// A bcrypt hash (`password_hash: "$2b$12$…"`), stored as it is.
    case bcrypt(String)

    /// `plain(<hidden>)` or the hash's algorithm prefix.
    public var description: String {
        switch self {
        case .plain: "plain(<hidden>)"
        case .bcrypt(let hash): "bcrypt(\(hash.prefix(7))…)"
        }
    }
}

/// A token bucket: `burst` tickets at once, refilled at `perMinute` a minute.
public struct RateLimit: Sendable, Hashable, Codable {
    /// Tickets per minute over time; 0 means no limit.
    public var perMinute: Int
    /// How many tickets may be issued in a quick run before the rate applies.
    public var burst: Int

    /// A limit of `perMinute` tickets a minute after an initial `burst`.
    public init(perMinute: Int, burst: Int) {
        self.perMinute = perMinute
        self.burst = burst
    }

    /// 20 a minute with bursts of 5: more than a busy kiosk needs, too few for a stuck button.
    public static let `default` = RateLimit(perMinute: 20, burst: 5)

    /// Whether there is no limit at all.
    public var isUnlimited: Bool { perMinute == 0 }
}
