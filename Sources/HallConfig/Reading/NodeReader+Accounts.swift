import HallCore
import HallYAML
import Yams

/// An account with the places of its username and staff reference.
struct AccountEntry {
    var username: Located<String>
    var role: AccountRole
    var staff: Located<String>?
    /// Nil when the password was missing or rejected.
    var password: PasswordSeed?
    /// The windows a clerk may take; nil when the entry does not say.
    var windows: [Located<Int>]? = nil

    var seed: AccountSeed? {
        password.map {
            AccountSeed(username: username.value, role: role, staffID: staff?.value, password: $0, windows: windows?.map(\.value))
        }
    }
}

extension NodeReader {
    /// The shortest plain password the hall file accepts.
    static let minimumPasswordLength = 8

    mutating func account(_ node: Node, index: Int) -> AccountEntry? {
        let keys = ["username", "role", "staff", "password", "password_hash", "windows"]
        let what = node.peek("username").map { "account '\($0)'" } ?? "account entry \(index + 1)"
        guard let fields = fields(node, of: what, allowed: keys) else { return nil }
        let username = string(fields, "username")
        if let username, username.value.contains(where: \.isWhitespace) {
            report("username '\(username.value)' must not contain spaces", at: username.position)
        }
        var role: AccountRole?
        if let text = string(fields, "role") {
            role = AccountRole(rawValue: text.value)
            if role == nil {
                report("role '\(text.value)' of \(fields.what) must be 'admin', 'clerk' or 'guide'", at: text.position)
            }
        }
        let staff = string(fields, "staff", required: false)
        if role == .clerk && staff == nil && !fields.has("staff") {
            report("clerk \(fields.what) must name its staff member ('staff: <staff id>')", at: fields.position)
        }
        let password = self.password(fields)
        let windows = self.windows(fields)
        if role == .guide, let first = windows?.first {
            report("guide-desk \(fields.what) has 'windows'; only clerks are bound to windows", at: first.position)
        }
        if role == .admin, let first = windows?.first {
            report("administrator \(fields.what) has 'windows'; only clerks are bound to windows", at: first.position)
        }
        guard let username, let role else { return nil }
        return AccountEntry(username: username, role: role, staff: staff, password: password, windows: windows)
    }

    /// `windows: [1, 2]`: the window numbers a clerk may log in to, at least one, each once.
    private mutating func windows(_ fields: Fields) -> [Located<Int>]? {
        guard fields.has("windows"), let nodes = list(fields, "windows") else { return nil }
        if nodes.isEmpty {
            report(
                "'windows' of \(fields.what) is empty; list the windows the clerk may take, e.g. [1, 2]", at: fields.entries["windows"]!.0)
            return nil
        }
        var numbers: [Located<Int>] = []
        for node in nodes {
            guard let number = int(node, what: "a window number of \(fields.what)", minimum: 1) else { continue }
            if numbers.contains(where: { $0.value == number.value }) {
                report("window \(number.value) is listed twice in 'windows' of \(fields.what)", at: number.position)
                continue
            }
            numbers.append(number)
        }
        return numbers
    }

    private mutating func password(_ fields: Fields) -> PasswordSeed? {
        switch (fields.has("password"), fields.has("password_hash")) {
        case (true, true):
            report(
                "\(fields.what) gives both 'password' and 'password_hash'; keep one",
                at: fields.entries["password_hash"]!.0)
            return nil
        case (false, false):
            report("\(fields.what) needs 'password' (plain text) or 'password_hash' (bcrypt)", at: fields.position)
            return nil
        case (true, false):
            guard let plain = string(fields, "password") else { return nil }
            guard plain.value.count >= Self.minimumPasswordLength else {
                report(
                    "the password of \(fields.what) is shorter than \(Self.minimumPasswordLength) characters",
                    at: plain.position)
                return nil
            }
            return .plain(plain.value)
        case (false, true):
            guard let hash = string(fields, "password_hash") else { return nil }
            guard Self.isBcrypt(hash.value) else {
                report(
                    "'password_hash' of \(fields.what) is not a bcrypt hash (60 characters starting $2a$, $2b$ or $2y$)",
                    at: hash.position)
                return nil
            }
            return .bcrypt(hash.value)
        }
    }

    static func isBcrypt(_ hash: String) -> Bool {
        hash.count == 60 && ["$2a$", "$2b$", "$2y$"].contains(String(hash.prefix(4)))
    }
}
