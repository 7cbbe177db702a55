import Foundation
import HallCore
import HallYAML
import Yams

/// A service with the places its identifying fields were written, for the cross-checks.
struct ServiceEntry {
    var service: Service
    var id: Located<String>
    var prefix: Located<String>?
}

/// A window with the places of its number and of every service, staff and token it names.
struct WindowEntry {
    var window: Window
    var number: Located<Int>
    var services: [Located<String>]
    var staff: Located<String>?
    var token: Located<String>?
}

/// A member of staff with the places of their id and photo.
struct StaffEntry {
    var staff: Staff
    var id: Located<String>
    var photo: Located<String>?
}

extension NodeReader {
    /// Ids of services and staff appear in URLs and the journal: lower-case letters, digits and hyphens.
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A ticket prefix: exactly one of A–Z.
    static func isPrefixLetter(_ text: String) -> Bool {
        text.unicodeScalars.count == 1 && ("A"..."Z").contains(text.unicodeScalars.first!)
    }

    mutating func identifier(_ fields: Fields, _ key: String, kind: String) -> Located<String>? {
        guard let id = string(fields, key) else { return nil }
        guard Self.isIdentifier(id.value) else {
            report(
                "\(kind) id '\(id.value)' may contain only lower-case letters a–z, digits and hyphens", at: id.position)
            return nil
        }
        return id
    }

    mutating func service(_ node: Node, index: Int) -> ServiceEntry? {
        let keys = ["id", "prefix", "name", "materials", "time_limit_days", "expected_minutes", "conditions", "fees"]
        let what = node.peek("id").map { "service '\($0)'" } ?? "service entry \(index + 1)"
        guard let fields = fields(node, of: what, allowed: keys) else { return nil }
        let id = identifier(fields, "id", kind: "service")
        var prefix = string(fields, "prefix")
        if let letter = prefix, !Self.isPrefixLetter(letter.value) {
            report(
                "prefix '\(letter.value)' of \(fields.what) must be a single capital letter A–Z (tickets read A001)",
                at: letter.position)
            prefix = nil
        }
        let name = text(fields, "name")
        let materials = texts(fields, "materials")
        let limit = int(fields, "time_limit_days", required: false)
        let expected = int(fields, "expected_minutes", required: false, minimum: 1)
        let conditions = text(fields, "conditions", required: false)
        let fees = text(fields, "fees", required: false)
        guard let id else { return nil }
        let service = Service(
            id: id.value, prefix: prefix?.value ?? "", name: name ?? LocalizedText(zh: "", en: ""),
            materials: materials,
            timeLimitDays: limit?.value ?? 0, conditions: conditions, fees: fees, expectedMinutes: expected?.value ?? 10
        )
        return ServiceEntry(service: service, id: id, prefix: prefix)
    }

    mutating func window(_ node: Node, index: Int) -> WindowEntry? {
        let keys = ["number", "name", "primary", "backup", "staff", "evaluator_token"]
        let known = node.peek("number").flatMap(Int.init).flatMap { $0 >= 1 ? $0 : nil }
        guard let fields = fields(node, of: known.map { "window \($0)" } ?? "window entry \(index + 1)", allowed: keys)
        else { return nil }
        let number = int(fields, "number", minimum: 1, maximum: 9999)
        let name = text(fields, "name")
        let primaryList = strings(fields, "primary")
        let primary = primaryList ?? []
        let backup = strings(fields, "backup", required: false) ?? []
        if primaryList?.isEmpty == true {
            report(
                "\(fields.what) serves no service: list its own services under 'primary'",
                at: fields.entries["primary"]!.0)
        }
        var seen: Set<String> = []
        for ref in primary + backup where !seen.insert(ref.value).inserted {
            report(
                "\(fields.what) lists service '\(ref.value)' twice (a service is either primary or backup)",
                at: ref.position)
        }
        let staff = string(fields, "staff", required: false)
        let token = evaluatorToken(fields)
        guard let number else { return nil }
        let window = Window(
            number: number.value, name: name ?? LocalizedText(zh: "", en: ""), primaryServices: primary.map(\.value),
            backupServices: backup.map(\.value), staffID: staff?.value
        )
        return WindowEntry(window: window, number: number, services: primary + backup, staff: staff, token: token)
    }

    mutating func staffMember(_ node: Node, index: Int) -> StaffEntry? {
        let keys = ["id", "name", "department", "title", "phone", "photo"]
        let what = node.peek("id").map { "staff '\($0)'" } ?? "staff entry \(index + 1)"
        guard let fields = fields(node, of: what, allowed: keys) else { return nil }
        let id = identifier(fields, "id", kind: "staff")
        let name = string(fields, "name")
        let department = string(fields, "department")
        let title = string(fields, "title")
        let phone = string(fields, "phone")
        let photo = string(fields, "photo", required: false)
        guard let id else { return nil }
        let staff = Staff(
            id: id.value, name: name?.value ?? "", department: department?.value ?? "", title: title?.value ?? "",
            phone: phone?.value ?? "", photo: photo?.value
        )
        return StaffEntry(staff: staff, id: id, photo: photo)
    }
}
