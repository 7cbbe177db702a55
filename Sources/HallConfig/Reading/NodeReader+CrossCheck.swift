import HallCore
import HallYAML

extension NodeReader {
    /// Checks that hold between sections: unique ids, references that resolve (services, staff, and
    /// the windows an account may take), every service served, an administrator to log in with.
    mutating func crossCheck(
        services: [ServiceEntry], windows: [WindowEntry], staff: [StaffEntry], accounts: [AccountEntry], at top: Fields
    ) {
        unique(services.map(\.id), "service id")
        unique(services.compactMap(\.prefix), "ticket prefix")
        unique(windows.map { Located(value: String($0.number.value), position: $0.number.position) }, "window number")
        unique(staff.map(\.id), "staff id")
        unique(accounts.map(\.username), "username")
        unique(windows.compactMap(\.token), "evaluator token", showValue: false)

        let serviceIDs = Set(services.map(\.service.id))
        let staffIDs = Set(staff.map(\.staff.id))
        for entry in windows {
            for ref in entry.services where !serviceIDs.contains(ref.value) {
                report(
                    "window \(entry.number.value) names unknown service '\(ref.value)'\(hint(ref.value, serviceIDs))",
                    at: ref.position)
            }
            if let ref = entry.staff, !staffIDs.contains(ref.value) {
                report(
                    "window \(entry.number.value) names unknown staff '\(ref.value)'\(hint(ref.value, staffIDs))",
                    at: ref.position)
            }
        }
        let served = Set(windows.flatMap { $0.services.map(\.value) })
        for entry in services where !served.contains(entry.id.value) {
            report(
                "no window serves service '\(entry.id.value)': name it under a window's 'primary' or 'backup'",
                at: entry.id.position)
        }
        let windowNumbers = Set(windows.map(\.number.value))
        let known = windowNumbers.sorted().map(String.init).joined(separator: ", ")
        for entry in accounts {
            if let ref = entry.staff, !staffIDs.contains(ref.value) {
                report(
                    "account '\(entry.username.value)' names unknown staff '\(ref.value)'\(hint(ref.value, staffIDs))",
                    at: ref.position)
            }
            for number in entry.windows ?? [] where !windowNumbers.contains(number.value) {
                report(
                    "account '\(entry.username.value)' may take window \(number.value), which the hall does not have (its windows: \(known))",
                    at: number.position)
            }
        }
        if top.has("accounts") && !accounts.contains(where: { $0.role == .admin }) {
            report("no account has role 'admin': nobody could configure the hall", at: top.entries["accounts"]!.0)
        }
    }

    /// Reports the second and later occurrences of each value, pointing back at the first.
    private mutating func unique(_ values: [Located<String>], _ kind: String, showValue: Bool = true) {
        var first: [String: Position] = [:]
        for item in values {
            if let earlier = first[item.value] {
                let shown = showValue ? " '\(item.value)'" : ""
                report("duplicate \(kind)\(shown) (first used on line \(earlier.line))", at: item.position)
            } else {
                first[item.value] = item.position
            }
        }
    }

    private func hint(_ name: String, _ known: Set<String>) -> String {
        Self.closest(to: name, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
