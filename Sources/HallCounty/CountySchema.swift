import Logging
import PostgresNIO

/// The county database's schema, as numbered migrations applied once each (recorded in
/// `county_migrations`). Shipped migrations are never edited: add a new one instead.
///
/// - `halls`: one row per hall, with its high-water mark (`forwarded_seq`, moved in the same
///   transaction as the events it covers), its latest profile (redacted configuration), its day.
/// - `events`: every forwarded journal entry, partitioned by month of `at` (UTC); a partition is
///   made by `county_event_partition(month)` when the first entry of a month arrives (as the
///   schema's owner: a hall's login needs no right to create tables).
/// - `visits`, `windows`: the projections the county's pages and reports read, kept in the same
///   transaction as the events.
/// - `county_accounts`, `county_sessions`: the county's own administrators.
public enum CountySchema {
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-county",
            [
                """
                CREATE TABLE halls (
                    hall_id text PRIMARY KEY,
                    name_zh text NOT NULL DEFAULT '',
                    name_en text NOT NULL DEFAULT '',
                    forwarded_seq bigint NOT NULL DEFAULT 0,
                    day date,
                    last_event_at timestamptz,
                    last_contact_at timestamptz,
                    profile jsonb,
                    registered_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE hall_profiles (
                    id bigserial PRIMARY KEY,
                    hall_id text NOT NULL REFERENCES halls(hall_id),
                    after_seq bigint NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(),
                    body jsonb NOT NULL
                )
                """,
                """
                CREATE TABLE events (
                    hall_id text NOT NULL,
                    seq bigint NOT NULL,
                    at timestamptz NOT NULL,
                    type text NOT NULL,
                    body jsonb NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (hall_id, seq, at)
                ) PARTITION BY RANGE (at)
                """,
                """
                CREATE FUNCTION county_event_partition(month_start date) RETURNS void LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = public AS $$
                DECLARE
                    part text := 'events_' || to_char(month_start, 'YYYY_MM');
                BEGIN
                    PERFORM pg_advisory_xact_lock(7135001);
                    IF to_regclass(part) IS NULL THEN
                        EXECUTE format(
                            'CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', part,
                            to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
                            to_char(month_start + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
                    END IF;
                END $$
                """,
                """
                CREATE FUNCTION county_ms(ms bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
                    SELECT CASE WHEN ms = 0 THEN NULL ELSE to_timestamp(ms / 1000.0) END
                $$
                """,
                """
                CREATE TABLE visits (
                    hall_id text NOT NULL,
                    visit_id text NOT NULL,
                    day date NOT NULL,
                    service_id text,
                    priority text,
                    issued_at timestamptz,
                    called_at timestamptz,
                    started_at timestamptz,
                    finished_at timestamptz,
                    status text,
                    window_no int,
                    staff_id text,
                    transfers int NOT NULL DEFAULT 0,
                    recalls int NOT NULL DEFAULT 0,
                    rating smallint,
                    last_seq bigint NOT NULL,
                    PRIMARY KEY (hall_id, visit_id)
                )
                """,
                "CREATE INDEX visits_day ON visits (day, hall_id)",
                """
                CREATE TABLE windows (
                    hall_id text NOT NULL,
                    number int NOT NULL,
                    status text NOT NULL,
                    staff_id text,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (hall_id, number)
                )
                """,
                """
                CREATE TABLE county_accounts (
                    username text PRIMARY KEY,
                    password_hash text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE county_sessions (
                    token_hash text PRIMARY KEY,
                    username text NOT NULL REFERENCES county_accounts(username) ON DELETE CASCADE,
                    expires_at timestamptz NOT NULL
                )
                """,
            ]
        )
    ]

    /// Applies every migration not yet applied, each in its own transaction; safe to run from
    /// several processes at once (an advisory lock serialises them).
    public static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS county_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        for migration in migrations {
            try await connection.withTransaction(logger: logger) { c in
                try await c.query("SELECT pg_advisory_xact_lock(7135000)", logger: logger)
                let done = try await c.query("SELECT 1 FROM county_migrations WHERE name = \(migration.name)", logger: logger)
                for try await _ in done { return }
                for statement in migration.statements {
                    try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await c.query("INSERT INTO county_migrations (name) VALUES (\(migration.name))", logger: logger)
                logger.notice("county database migrated", metadata: ["migration": "\(migration.name)"])
            }
        }
    }

    /// Migrates through a pool.
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in try await migrate(connection, logger: logger) }
    }
}
