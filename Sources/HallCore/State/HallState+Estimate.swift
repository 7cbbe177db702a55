import Foundation

extension HallState {
    /// The average service time of `service` in seconds: measured from its recent visits, or the
    /// service's expected minutes until the hall has measured any.
    public func averageServiceSeconds(service: String) -> Double {
        if let samples = serviceSeconds[service], !samples.isEmpty {
            return samples.reduce(0, +) / Double(samples.count)
        }
        return Double((configuration.service(service)?.expectedMinutes ?? 10) * 60)
    }

    /// Open windows that serve `service` in any tier.
    public func openWindows(serving service: String) -> Int {
        (windowsServing[service] ?? []).reduce(0) { $0 + (windows[$1]?.status == .open ? 1 : 0) }
    }

    /// Seconds a resident who takes a ticket for `service` now can expect to wait: the people
    /// ahead shared among the open windows serving it, times the average service time. Nil when no
    /// open window serves the service.
    public func estimatedWait(service: String) -> Int? {
        let open = openWindows(serving: service)
        guard open > 0 else { return nil }
        let rounds = (Double(waitingCount(service: service)) / Double(open)).rounded(.up)
        return Int(rounds * averageServiceSeconds(service: service))
    }
}
