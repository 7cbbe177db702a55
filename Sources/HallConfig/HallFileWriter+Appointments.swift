import HallCore

extension HallFileWriter {
    /// The `appointments:` section (预约), after the services it names; nothing when the hall takes none.
    static func appointments(_ policy: AppointmentPolicy?) -> [String] {
        guard let policy else { return [] }
        var out = ["", "appointments:", "  grace_minutes: \(policy.graceMinutes)"]
        if policy.rules.isEmpty {
            out.append("  services: []")
        } else {
            out.append("  services:")
            for rule in policy.rules {
                out.append("    - {service: \(quote(rule.serviceID)), per_half_hour: \(rule.perHalfHour), days_ahead: \(rule.daysAhead)}")
            }
        }
        return out
    }
}
