import Logging
import PostgresNIO

/// Where the county's queries run: the server's pool (a county-wide administrator), or one
/// connection whose transaction PostgreSQL's row-level security limits to one hall (an account of
/// that hall: `county_accounts.hall_id`). Every table of hall data has the policy `county_hall`
/// (migration `v3-county-hall-accounts`): a row is seen when `county.hall` is unset or empty (the
/// halls' forwarders, a county-wide administrator) or names the row's hall.
struct CountyReader: Sendable {
    enum Source: Sendable {
        case pool(PostgresClient)
        case connection(PostgresConnection)
    }

    let source: Source

    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        switch source {
        case .pool(let client): try await client.query(query, logger: logger)
        case .connection(let connection): try await connection.query(query, logger: logger)
        }
    }

    /// The tables the policy guards: everything keyed by a hall.
    static let hallTables = [
        "halls", "hall_profiles", "events", "visits", "windows", "visit_figures", "visit_wait_minutes", "cases", "follow_ups",
        "complaints", "appointments",
    ]
}

extension CountyQueries {
    /// The queries of one transaction on `connection`, which sees only `hall` (row-level security).
    public static func scoped<Result: Sendable>(
        to hall: String, client: PostgresClient, logger: Logger, _ body: (CountyQueries) async throws -> Result
    ) async throws -> Result {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT set_config('county.hall', \(hall), true)", logger: logger)
            return try await body(CountyQueries(reader: CountyReader(source: .connection(connection)), logger: logger))
        }
    }
}
