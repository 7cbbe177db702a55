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
        ),
        // MARK: county-4: the projections the county's reports read (no replay of events per request).
        (
            "v2-county-projections",
            [
                """
                ALTER TABLE visits ADD COLUMN number text, ADD COLUMN appointment boolean NOT NULL DEFAULT false,
                    ADD COLUMN reason_pending boolean NOT NULL DEFAULT false, ADD COLUMN outcome text, ADD COLUMN wait_ms bigint,
                    ADD COLUMN wait_minute int, ADD COLUMN followed_up_at timestamptz, ADD COLUMN follow_up_closed_at timestamptz,
                    ADD COLUMN issued_seq bigint,
                    ADD COLUMN month date GENERATED ALWAYS AS (date_trunc('month', day::timestamp)::date) STORED
                """,
                "CREATE INDEX visits_month ON visits (hall_id, month, issued_seq)",
                "CREATE INDEX visits_wait ON visits (month, wait_minute) INCLUDE (hall_id, service_id, wait_ms) WHERE wait_ms IS NOT NULL",
                "CREATE INDEX visits_ticket ON visits (hall_id, day, number)",
                "CREATE TABLE visit_figures (hall_id text NOT NULL, day date NOT NULL, service_id text NOT NULL, "
                    + CountyProjection.counters.map { "\($0) bigint NOT NULL DEFAULT 0" }.joined(separator: ", ")
                    + ", PRIMARY KEY (hall_id, day, service_id))",
                "CREATE INDEX visit_figures_day ON visit_figures (day)",
                """
                CREATE TABLE visit_wait_minutes (
                    hall_id text NOT NULL, month date NOT NULL, service_id text NOT NULL, minute int NOT NULL, n bigint NOT NULL,
                    PRIMARY KEY (hall_id, month, service_id, minute)
                )
                """,
                "CREATE INDEX visit_wait_minutes_month ON visit_wait_minutes (month)",
                """
                CREATE TABLE cases (
                    hall_id text NOT NULL, number text NOT NULL, service_id text, accepted_at timestamptz,
                    finished_at timestamptz NOT NULL DEFAULT 'infinity', promised date, original_promised date, window_no int, record jsonb,
                    PRIMARY KEY (hall_id, number)
                )
                """,
                // A month's report counts the cases whose span from acceptance to finish (`infinity` while
                // open) meets the month.
                "CREATE INDEX cases_span ON cases USING gist (tstzrange(accepted_at, finished_at, '[]')) WHERE record IS NOT NULL",
                """
                CREATE TABLE follow_ups (
                    hall_id text NOT NULL, id text NOT NULL, opened_at timestamptz NOT NULL, record jsonb NOT NULL,
                    PRIMARY KEY (hall_id, id)
                )
                """,
                """
                CREATE TABLE complaints (
                    hall_id text NOT NULL, ref text NOT NULL, submitted_at timestamptz NOT NULL, due date NOT NULL,
                    replied_at timestamptz, ticket text, record jsonb NOT NULL, PRIMARY KEY (hall_id, ref)
                )
                """,
                "CREATE INDEX complaints_submitted ON complaints (submitted_at)",
                """
                CREATE TABLE appointments (
                    hall_id text NOT NULL, ref text NOT NULL, service_id text NOT NULL, day date NOT NULL, status text NOT NULL,
                    record jsonb NOT NULL, PRIMARY KEY (hall_id, ref)
                )
                """,
                "CREATE INDEX appointments_day ON appointments (day)",
                // A month's partition that exists already is found without waiting for the lock.
                """
                CREATE OR REPLACE FUNCTION county_event_partition(month_start date) RETURNS void LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = public AS $$
                DECLARE
                    part text := 'events_' || to_char(month_start, 'YYYY_MM');
                BEGIN
                    IF to_regclass(part) IS NOT NULL THEN
                        RETURN;
                    END IF;
                    PERFORM pg_advisory_xact_lock(7135001);
                    IF to_regclass(part) IS NULL THEN
                        EXECUTE format(
                            'CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', part,
                            to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
                            to_char(month_start + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
                    END IF;
                END $$
                """,
            ]
        ),
        // MARK: county-4: accounts of one hall, held to it by row-level security (CountyHallScope.swift).
        (
            "v3-county-hall-accounts",
            ["ALTER TABLE county_accounts ADD COLUMN hall_id text"]
                + CountyReader.hallTables.flatMap { table in
                    [
                        "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY", "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
                        "CREATE POLICY county_hall ON \(table) USING (COALESCE(current_setting('county.hall', true), '') IN ('', hall_id))",
                    ]
                }
        ),
        // MARK: county-5: the hall's own clock when it last reached the county, so that its waits are
        // measured on the hall's clock, not the county's (``CountyQueries/halls()``).
        ("v4-county-hall-clock", ["ALTER TABLE halls ADD COLUMN hall_clock_at timestamptz"]),
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
                // MARK: county-4: a county that had events before the projections gets them from its events.
                if migration.name == "v2-county-projections" { try await CountyIngest.rebuildProjections(on: c, logger: logger) }
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
