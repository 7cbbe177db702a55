import Foundation
import HallYAML
import Yams

extension NodeReader {
    /// `hall.base_url`: the hall's public address, `http://` or `https://` with a host (and port),
    /// no query or fragment: `http://192.168.1.20:8080`. Absent: nil (the LAN address at start).
    mutating func baseURL(_ hall: Fields) -> String? {
        guard let text = string(hall, "base_url", required: false) else { return nil }
        let url = text.value.hasSuffix("/") ? String(text.value.dropLast()) : text.value
        guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased() ?? ""),
            let host = parts.host, !host.isEmpty, parts.query == nil, parts.fragment == nil, parts.user == nil
        else {
            report(
                "'base_url' in 'hall' must be the hall's address as phones reach it, like http://192.168.1.20:8080 (found '\(text.value)')",
                at: text.position)
            return nil
        }
        return url
    }
}
