import HallYAML
import Yams

extension NodeReader {
    /// `county: {url: postgres://…, hall_id: …, env_file: …}`: where the journal is forwarded.
    mutating func county(_ node: Node) -> CountyLink? {
        guard let fields = fields(node, of: "'county'", allowed: ["url", "hall_id", "env_file"]) else { return nil }
        let url = string(fields, "url")
        let hallID = string(fields, "hall_id")
        let envFile = string(fields, "env_file", required: false)
        if let url, !(url.value.hasPrefix("postgres://") || url.value.hasPrefix("postgresql://")) {
            report("'url' in 'county' must start with postgres://, like postgres://hall@county.example:5432/county", at: url.position)
            return nil
        }
        if let hallID, !CountyLink.isValidHallID(hallID.value) {
            report(
                "'hall_id' in 'county' may hold only letters, digits, '-' and '_' (at most 64), found '\(hallID.value)'",
                at: hallID.position)
            return nil
        }
        guard let url, let hallID else { return nil }
        return CountyLink(url: url.value, hallID: hallID.value, envFile: envFile?.value)
    }
}
