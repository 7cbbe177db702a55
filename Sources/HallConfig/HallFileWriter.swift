import Foundation
import HallCore

/// Writes a ``HallFile`` back as hall-file YAML that ``HallFileLoader/parse(yaml:file:profiles:)``
/// reads to an equal value: the administrator edits the running hall's configuration as the same
/// file it was seeded from.
///
/// ```swift
/// let yaml = HallFileWriter.yaml(for: file)
/// let again = try HallFileLoader.parse(yaml: yaml)   // again == file
/// ```
///
/// Chinese stays readable (no `\u` escapes); a string is double-quoted only where plain YAML would
/// read it as something else (a number, a date, `true`, a key, a comment…).
public enum HallFileWriter {
    public static func yaml(for file: HallFile) -> String {
        var out: [String] = []
        let c = file.configuration
        out.append("# ServiceHall hall file (办事大厅配置文件), written by the hall; the format is in docs/hall-file.md.")
        out.append("")
        out.append("hall:")
        out.append("  name: \(text(c.name))")
        if let phone = c.supervisionPhone { out.append("  supervision_phone: \(quote(phone))") }
        if let url = c.baseURL { out.append("  base_url: \(quote(url))") }
        out.append("")
        out.append(contentsOf: schedule(c.schedule))
        out.append("")
        out.append("policy:")
        out.append("  recall_limit: \(c.policy.recallLimit)")
        out.append("  priority_streak_limit: \(c.policy.priorityStreakLimit)")
        out.append("  rating_timeout_seconds: \(c.policy.ratingTimeoutSeconds)")
        out.append("  estimate_samples: \(c.policy.estimateSamples)")
        // MARK: reports (统计与考核)
        out.append("  wait_target_minutes: \(c.policy.waitTargetMinutes)")
        let a = c.policy.appraisal
        out.append("")
        out.append("appraisal:")
        out.append("  satisfaction: \(a.satisfaction)")
        out.append("  on_time: \(a.onTime)")
        out.append("  attendance: \(a.attendance)")
        out.append("  visits: \(a.visits)")
        out.append("  bad_rating_penalty: \(a.badRatingPenalty)")
        out.append("  complaint_penalty: \(a.complaintPenalty)")
        // MARK: account-3
        if a.publish { out.append("  publish: true") }
        out.append("")
        if let a = c.alerts {
            if a.raises {
                out.append(
                    "alerts: {longest_wait_minutes: \(a.longestWaitMinutes), waiting_count: \(a.waitingCount), "
                        + "service_minutes: \(a.serviceMinutes), sound: \(a.sound)}")
            }
            out.append("follow_ups: {due_working_days: \(a.followUpDueWorkingDays)}")
            out.append("complaints: {due_working_days: \(a.complaintDueWorkingDays)}")
            out.append("")
        }
        out.append("issue_rate_limit: {per_minute: \(file.issueRateLimit.perMinute), burst: \(file.issueRateLimit.burst)}")
        out.append("")
        // MARK: limits (harden)
        let (hold, feed) = (file.limits.printHold, file.limits.liveFeed)
        out.append("limits:")
        out.append(
            "  print_hold: {jobs: \(hold.jobs), ticket_minutes: \(hold.ticketMinutes), document_minutes: \(hold.documentMinutes)}")
        out.append(
            "  live_feed: {per_address: \(feed.perAddress), total: \(feed.total), write_timeout_seconds: \(feed.writeTimeoutSeconds)}")
        out.append("")
        out.append("services:")
        for service in c.services {
            out.append("  - id: \(quote(service.id))")
            out.append("    prefix: \(quote(service.prefix))")
            out.append("    name: \(text(service.name))")
            if !service.materials.isEmpty {
                out.append("    materials:")
                for material in service.materials { out.append("      - \(text(material))") }
            }
            out.append("    time_limit_days: \(service.timeLimitDays)")
            out.append("    expected_minutes: \(service.expectedMinutes)")
            if let conditions = service.conditions { out.append("    conditions: \(text(conditions))") }
            if let fees = service.fees { out.append("    fees: \(text(fees))") }
        }
        out.append(contentsOf: appointments(c.appointments))  // appointments (预约)
        out.append("")
        out.append("windows:")
        for window in c.windows {
            out.append("  - number: \(window.number)")
            out.append("    name: \(text(window.name))")
            out.append("    primary: \(list(window.primaryServices))")
            if !window.backupServices.isEmpty { out.append("    backup: \(list(window.backupServices))") }
            if let staff = window.staffID { out.append("    staff: \(quote(staff))") }
            if let token = file.evaluatorTokens[window.number] { out.append("    evaluator_token: \(quote(token))") }
        }
        if !c.staff.isEmpty {
            out.append("")
            out.append("staff:")
            for member in c.staff {
                var fields = [
                    "id: \(quote(member.id))", "name: \(quote(member.name))", "department: \(quote(member.department))",
                    "title: \(quote(member.title))", "phone: \(quote(member.phone))",
                ]
                if let photo = member.photo { fields.append("photo: \(quote(photo))") }
                out.append("  - {\(fields.joined(separator: ", "))}")
            }
        }
        out.append("")
        out.append("# password_hash: the stored bcrypt hash; to set a new password write `password: <at least 8 characters>` instead.")
        out.append("accounts:")
        for account in file.accounts {
            var fields = ["username: \(quote(account.username))", "role: \(account.role.rawValue)"]
            if let staff = account.staffID { fields.append("staff: \(quote(staff))") }
            // Only clerks are bound to windows: an account made administrator loses its list.
            if let windows = account.windows, account.role == .clerk {
                fields.append("windows: [\(windows.map(String.init).joined(separator: ", "))]")
            }
            switch account.password {
            case .plain(let password): fields.append("password: \(quote(password))")
            case .bcrypt(let hash): fields.append("password_hash: \(quote(hash))")
            }
            out.append("  - {\(fields.joined(separator: ", "))}")
        }
        if file.devices != .none {
            out.append("")
            out.append(contentsOf: devices(file.devices))
        }
        // MARK: county (县级汇聚)
        if let county = file.county {
            out.append("")
            out.append("county:")
            out.append("  url: \(quote(county.url))")
            out.append("  hall_id: \(quote(county.hallID))")
            if let envFile = county.envFile { out.append("  env_file: \(quote(envFile))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func schedule(_ s: HallSchedule) -> [String] {
        var out = ["schedule:", "  utc_offset_minutes: \(s.utcOffsetMinutes)", "  weekly:"]
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for (index, day) in days.enumerated() {
            if let hours = s.weekly[index + 1] { out.append("    \(day): \(periods(hours))") }
        }
        if !s.marketDaysOfMonth.isEmpty || s.marketDayHours != nil {
            out.append("  market_days:")
            out.append("    days_of_month: [\(s.marketDaysOfMonth.map(String.init).joined(separator: ", "))]")
            if let hours = s.marketDayHours { out.append("    hours: \(periods(hours))") }
        }
        if !s.holidays.isEmpty { out.append("  holidays: [\(s.holidays.sorted().map(\.description).joined(separator: ", "))]") }
        if !s.extraWorkdays.isEmpty {
            out.append("  extra_workdays: [\(s.extraWorkdays.sorted().map(\.description).joined(separator: ", "))]")
        }
        return out
    }

    private static func periods(_ periods: [OpeningPeriod]) -> String {
        "[" + periods.map { "\"\($0.description)\"" }.joined(separator: ", ") + "]"
    }

    private static func devices(_ d: DeviceSetup) -> [String] {
        var out = ["devices:"]
        if !d.printers.isEmpty {
            out.append("  printers:")
            for p in d.printers {
                out.append(
                    "    - {id: \(quote(p.id)), role: \(quote(p.role.description)), profile: \(quote(p.profile)), transport: \(quote(p.transport.description))}"
                )
            }
        }
        if !d.buttons.isEmpty {
            out.append("  buttons:")
            for b in d.buttons {
                let device = b.device.map { ", device: \(quote($0))" } ?? ""
                out.append("    - {id: \(quote(b.id)), window: \(b.window), profile: \(quote(b.profile))\(device)}")
            }
        }
        if !d.buses.isEmpty {
            out.append("  buses:")
            for bus in d.buses {
                let addresses = bus.addresses.keys.sorted().map { "\($0): \(bus.addresses[$0]!)" }.joined(separator: ", ")
                out.append(
                    "    - {id: \(quote(bus.id)), path: \(quote(bus.path)), profile: \(quote(bus.profile)), addresses: {\(addresses)}}")
            }
        }
        if !d.scanners.isEmpty {
            out.append("  scanners:")
            for s in d.scanners { out.append("    - {window: \(s.window), device: \(quote(s.device))}") }
        }
        if let sane = d.saneConfigDirectory { out.append("  sane_config: \(quote(sane))") }
        out.append("  scan_retention_days: \(d.scanRetentionDays)")
        // MARK: spool limits (issue 14)
        if let jobs = d.spoolMaxJobs { out.append("  spool_max_jobs: \(jobs)") }
        if let days = d.spoolMaxAgeDays { out.append("  spool_max_age_days: \(days)") }
        return out
    }

    private static func text(_ t: LocalizedText) -> String { "{zh: \(quote(t.zh)), en: \(quote(t.en))}" }

    private static func list(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ", ") + "]" }

    /// Plain when that is safe inside a flow collection, else double-quoted with only `\`, `"` and
    /// control characters escaped (Chinese stays as it is).
    static func quote(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028
                    || scalar.value == 0x2029 || scalar.value == 0xFEFF
                {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static let special = Set(":#{}[],&*!|>'\"%@`\\".unicodeScalars)
    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ]

    private static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if reserved.contains(s.lowercased()) { return false }
        if first == " " || last == " " { return false }
        // Anything that starts like a number or a date could be read as one.
        if ("0"..."9").contains(first) || "+.-?~<=".unicodeScalars.contains(first) { return false }
        for scalar in s.unicodeScalars {
            if special.contains(scalar) || scalar.value < 0x20 || scalar.value == 0x7F { return false }
            if scalar.value >= 0x80 && !(scalar.properties.isAlphabetic || isCJKPunctuation(scalar)) { return false }
        }
        return true
    }

    /// Full-width punctuation that is plain text to YAML (，。、；：（）《》“”).
    private static func isCJKPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
            || (0x2010...0x201F).contains(scalar.value)
    }
}
