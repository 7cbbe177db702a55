import HallCore
import HallYAML
import Yams

extension NodeReader {
    /// A `{zh: …, en: …}` pair; both languages are required.
    mutating func text(_ fields: Fields, _ key: String, required: Bool = true) -> LocalizedText? {
        guard let node = value(fields, key, required: required) else { return nil }
        return text(node, what: "'\(key)' in \(fields.what)")
    }

    mutating func text(_ node: Node, what: String) -> LocalizedText? {
        if case .scalar = node {
            report("\(what) must give both languages, like {zh: 社会保障, en: Social security}", at: node)
            return nil
        }
        guard let fields = fields(node, of: what, allowed: ["zh", "en"]) else { return nil }
        let zh = string(fields, "zh")
        let en = string(fields, "en")
        guard let zh, let en else { return nil }
        return LocalizedText(zh: zh.value, en: en.value)
    }

    /// A list of `{zh, en}` pairs, e.g. a service's materials.
    mutating func texts(_ fields: Fields, _ key: String) -> [LocalizedText] {
        guard let items = list(fields, key, required: false) else { return [] }
        return items.enumerated().compactMap { index, item in
            text(item, what: "entry \(index + 1) of '\(key)' in \(fields.what)")
        }
    }
}
