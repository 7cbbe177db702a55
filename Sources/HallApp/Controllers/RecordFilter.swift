import Hummingbird

/// Which follow-ups or complaints a list shows: `?status=open|overdue|closed|all` (default all).
enum RecordFilter: String {
    case open, overdue, closed, all

    /// The request's `status`, or 400 `bad_status`.
    init(_ request: Request) throws {
        let text = request.uri.queryParameters["status"].map(String.init) ?? "all"
        guard let filter = RecordFilter(rawValue: text) else {
            throw APIError(
                .badRequest, "bad_status", zh: "status 须为 open、overdue、closed 或 all", en: "status must be open, overdue, closed or all")
        }
        self = filter
    }

    /// Whether a record that is `closed` (or not) and `overdue` (or not) is shown.
    func includes(closed: Bool, overdue: Bool) -> Bool {
        switch self {
        case .open: !closed
        case .overdue: overdue
        case .closed: closed
        case .all: true
        }
    }
}
