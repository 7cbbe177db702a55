import HallCore
import HallYAML
import Yams

extension NodeReader {
    /// The `alerts:`, `follow_ups:` and `complaints:` sections; nil when none is there (the defaults,
    /// and no alerts). Alerts are raised only when `alerts:` is present.
    mutating func alertPolicy(_ top: Fields) -> AlertPolicy? {
        let alertsNode = value(top, "alerts", required: false)
        let followUpsNode = value(top, "follow_ups", required: false)
        let complaintsNode = value(top, "complaints", required: false)
        guard alertsNode != nil || followUpsNode != nil || complaintsNode != nil else { return nil }
        var policy = AlertPolicy(raises: alertsNode != nil)
        let alertKeys = ["longest_wait_minutes", "waiting_count", "service_minutes", "sound"]
        if let node = alertsNode, let fields = fields(node, of: "'alerts'", allowed: alertKeys) {
            policy.longestWaitMinutes = int(fields, "longest_wait_minutes", required: false, minimum: 1)?.value ?? policy.longestWaitMinutes
            policy.waitingCount = int(fields, "waiting_count", required: false, minimum: 1)?.value ?? policy.waitingCount
            policy.serviceMinutes = int(fields, "service_minutes", required: false, minimum: 1)?.value ?? policy.serviceMinutes
            policy.sound = bool(fields, "sound", required: false)?.value ?? policy.sound
        }
        if let node = followUpsNode, let fields = fields(node, of: "'follow_ups'", allowed: ["due_working_days"]) {
            policy.followUpDueWorkingDays =
                int(fields, "due_working_days", required: false, minimum: 1)?.value ?? policy.followUpDueWorkingDays
        }
        if let node = complaintsNode, let fields = fields(node, of: "'complaints'", allowed: ["due_working_days"]) {
            policy.complaintDueWorkingDays =
                int(fields, "due_working_days", required: false, minimum: 1)?.value ?? policy.complaintDueWorkingDays
        }
        return policy
    }
}
