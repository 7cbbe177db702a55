import GRDB

extension HallDatabase {
    /// Shipped migrations are never edited: add a new one instead.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE services (id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE windows (number INTEGER PRIMARY KEY NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE staff (id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE accounts (
                        username TEXT PRIMARY KEY NOT NULL,
                        passwordHash TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'clerk')),
                        staffID TEXT
                    );
                    CREATE TABLE sessions (
                        token TEXT PRIMARY KEY NOT NULL,
                        username TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
                        window INTEGER,
                        createdAt INTEGER NOT NULL,
                        expiresAt INTEGER NOT NULL
                    );
                    CREATE TABLE devices (token TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, window INTEGER NOT NULL);

                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        at INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX events_day_start ON events(type, seq) WHERE type = 'dayStarted';

                    CREATE TABLE visits (
                        id TEXT PRIMARY KEY NOT NULL,
                        day TEXT NOT NULL,
                        number TEXT NOT NULL,
                        serviceID TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        status TEXT NOT NULL,
                        issuedAt INTEGER NOT NULL,
                        calledAt INTEGER,
                        startedAt INTEGER,
                        finishedAt INTEGER,
                        window INTEGER,
                        staffID TEXT,
                        recalls INTEGER NOT NULL DEFAULT 0,
                        transfers INTEGER NOT NULL DEFAULT 0,
                        ratingStatus TEXT NOT NULL DEFAULT 'none',
                        secret TEXT NOT NULL
                    );
                    CREATE INDEX visits_day ON visits(day, status);

                    CREATE TABLE ratings (
                        visitID TEXT PRIMARY KEY NOT NULL REFERENCES visits(id),
                        day TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
                        reason TEXT,
                        source TEXT NOT NULL,
                        window INTEGER NOT NULL,
                        staffID TEXT,
                        serviceID TEXT NOT NULL,
                        followUp TEXT
                    );
                    CREATE INDEX ratings_day ON ratings(day);

                    CREATE TABLE presence (staffID TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL, note TEXT, updatedAt INTEGER NOT NULL);
                    CREATE TABLE windowStatus (
                        number INTEGER PRIMARY KEY NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT,
                        staffID TEXT,
                        updatedAt INTEGER NOT NULL
                    );
                    """)
        }
        // v2: the devices' latest statuses (printers, evaluators, keypads, buses, scanners). The v1
        // table `devices` holds the evaluators' API tokens, so the projection has its own name.
        m.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE deviceStatus (
                        deviceID TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        window INTEGER,
                        status TEXT NOT NULL,
                        updatedAt INTEGER NOT NULL
                    );
                    """)
        }
        // v3: session tokens are kept as their SHA-256 (`tokenHash`), each session remembers which
        // password it was opened with (`credential`, a SHA-256 of the account's bcrypt hash) so a
        // changed password ends it, and expired sessions are found by index to be purged. Sessions
        // stored before held the token itself: they are dropped, and everyone logs in once more.
        m.registerMigration("v3-session-token-hashes") { db in
            try db.execute(
                sql: """
                    DELETE FROM sessions;
                    ALTER TABLE sessions RENAME COLUMN token TO tokenHash;
                    ALTER TABLE sessions ADD COLUMN credential TEXT NOT NULL DEFAULT '';
                    CREATE INDEX sessions_expiry ON sessions(expiresAt);
                    """)
        }
        // v4: the windows a clerk account may take (a JSON array; NULL: any window), and an index
        // to find who holds a window (one clerk per window at a time).
        m.registerMigration("v4-account-windows") { db in
            try db.execute(
                sql: """
                    ALTER TABLE accounts ADD COLUMN windows TEXT;
                    CREATE INDEX sessions_window ON sessions(window);
                    """)
        }
        // MARK: cases (办件)
        // v5: cases outlive the day; outcomes and printed papers per visit for the statistics.
        m.registerMigration("v5-cases") { db in try HallDatabase.createCaseTables(db) }
        // MARK: accountability (差评整改, 投诉建议): records that outlive the day.
        m.registerMigration("v5-accountability") { db in
            try HallDatabase.createFollowUps(db)
            try HallDatabase.createComplaints(db)
        }
        // MARK: appointments (预约)
        // v5: appointments outlive the day: the book is rebuilt from this table at start, kept by
        // the journal's projections (HallDatabase+Appointments.swift).
        m.registerMigration("v5-appointments") { db in
            try db.execute(
                sql: """
                    CREATE TABLE appointments (
                        code TEXT PRIMARY KEY NOT NULL,
                        serviceID TEXT NOT NULL,
                        day TEXT NOT NULL,
                        slot INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        phone TEXT NOT NULL,
                        status TEXT NOT NULL,
                        bookedAt INTEGER NOT NULL,
                        bookedBy TEXT,
                        visitID TEXT,
                        updatedAt INTEGER NOT NULL
                    );
                    CREATE INDEX appointments_day ON appointments(day, serviceID, slot);
                    """)
        }
        // MARK: guide desk (咨询引导台)
        // v5: accounts may have the role `guide`. SQLite cannot change a CHECK: the table is rebuilt
        // (sessions keep pointing at it by name).
        m.registerMigration("v5-guide-role") { db in
            try db.execute(
                sql: """
                    CREATE TABLE accounts_v5 (
                        username TEXT PRIMARY KEY NOT NULL,
                        passwordHash TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'guide')),
                        staffID TEXT,
                        windows TEXT
                    );
                    INSERT INTO accounts_v5 (username, passwordHash, role, staffID, windows)
                        SELECT username, passwordHash, role, staffID, windows FROM accounts;
                    DROP TABLE accounts;
                    ALTER TABLE accounts_v5 RENAME TO accounts;
                    """)
        }
        // v5: the guide desk's consultations (首问负责, counted) and home-service requests (上门服务).
        m.registerMigration("v5-guide-desk") { db in
            try db.execute(
                sql: """
                    CREATE TABLE consultations (
                        id TEXT PRIMARY KEY NOT NULL,
                        day TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        question TEXT NOT NULL,
                        answer TEXT,
                        referral TEXT,
                        serviceID TEXT,
                        byAccount TEXT NOT NULL
                    );
                    CREATE INDEX consultations_day ON consultations(day);
                    CREATE TABLE homeServices (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        phone TEXT NOT NULL,
                        address TEXT NOT NULL,
                        matter TEXT NOT NULL,
                        requestedAt INTEGER NOT NULL,
                        byAccount TEXT NOT NULL,
                        doneAt INTEGER,
                        doneBy TEXT,
                        result TEXT
                    );
                    """)
        }
        // MARK: reports (统计与考核)
        // v5: every presence change kept with its time (the attendance of any period), filled from
        // the journal's presenceChanged events so far; and the journal found by time for the reports.
        m.registerMigration("v5-presence-history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE presenceHistory (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        staffID TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        note TEXT
                    );
                    CREATE INDEX presenceHistory_staff_at ON presenceHistory(staffID, at);
                    INSERT INTO presenceHistory (seq, staffID, at, status, note)
                    SELECT seq, json_extract(body, '$.staffID'), at, json_extract(body, '$.presence.status'),
                           json_extract(body, '$.presence.note')
                    FROM events WHERE type = 'presenceChanged';
                    CREATE INDEX events_at ON events(at);
                    """)
        }
        // v6: each visit as the reports count it (`visitLedger`), filled from the journal so far.
        m.registerMigration("v6-visit-ledger") { db in try HallDatabase.createLedger(in: db) }
        return m
    }
}
