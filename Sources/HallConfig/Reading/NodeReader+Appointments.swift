import HallCore
import HallYAML
import Yams

extension NodeReader {
    /// The hall file's `appointments:` (预约): the grace period and, per bookable service, the places
    /// per half hour and how many days ahead it may be booked. Every problem with its line.
    ///
    /// ```yaml
    /// appointments:
    ///   grace_minutes: 15
    ///   services:
    ///     - {service: pension, per_half_hour: 2, days_ahead: 7}
    /// ```
    mutating func appointmentPolicy(_ node: Node, services: Set<String>) -> AppointmentPolicy? {
        guard let fields = fields(node, of: "'appointments'", allowed: ["grace_minutes", "services"]) else { return nil }
        let defaults = AppointmentPolicy()
        let grace = int(fields, "grace_minutes", required: false, minimum: 0, maximum: 120)?.value ?? defaults.graceMinutes
        var rules: [AppointmentPolicy.Rule] = []
        var seen: Set<String> = []
        for (index, entry) in (list(fields, "services") ?? []).enumerated() {
            let what = "bookable service \(index + 1) in 'appointments'"
            guard let rule = self.fields(entry, of: what, allowed: ["service", "per_half_hour", "days_ahead"]) else { continue }
            let service = string(rule, "service")
            let perHalfHour = int(rule, "per_half_hour", minimum: 1, maximum: 100)
            let daysAhead = int(rule, "days_ahead", required: false, minimum: 0, maximum: 90)
            guard let service, let perHalfHour else { continue }
            guard services.contains(service.value) else {
                let hint = Self.closest(to: service.value, among: services.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                report("\(what) names the service '\(service.value)', which is not under 'services'\(hint)", at: service.position)
                continue
            }
            guard seen.insert(service.value).inserted else {
                report("the service '\(service.value)' is bookable twice in 'appointments'", at: service.position)
                continue
            }
            rules.append(AppointmentPolicy.Rule(serviceID: service.value, perHalfHour: perHalfHour.value, daysAhead: daysAhead?.value ?? 7))
        }
        return AppointmentPolicy(graceMinutes: grace, rules: rules)
    }
}
