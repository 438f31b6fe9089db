package dev.nova.server.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, versioned in code. Version {@code n} is reached by running the first {@code n}
 * steps; the database records its version in {@code PRAGMA user_version}. Steps are never
 * edited once released: add a new one.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    static final List<List<String>> STEPS = List.of(
            List.of(
                    """
                    CREATE TABLE streams (
                        name   TEXT PRIMARY KEY,
                        epoch  TEXT NOT NULL,
                        head   INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE messages (
                        stream            TEXT NOT NULL,
                        offset            INTEGER NOT NULL,
                        message_id        TEXT NOT NULL UNIQUE,
                        thread_id         TEXT NOT NULL,
                        sender            TEXT NOT NULL,
                        content           TEXT NOT NULL,
                        created_at        INTEGER NOT NULL,
                        client_message_id TEXT,
                        extra             TEXT,
                        PRIMARY KEY (stream, offset)
                    ) WITHOUT ROWID""",
                    "CREATE UNIQUE INDEX messages_idempotency ON messages (stream, sender, client_message_id)"
                            + " WHERE client_message_id IS NOT NULL",
                    "CREATE INDEX messages_thread ON messages (stream, thread_id, offset)",
                    "CREATE INDEX messages_age ON messages (stream, created_at)",
                    """
                    CREATE TABLE api_keys (
                        name       TEXT NOT NULL,
                        role       TEXT NOT NULL,
                        hash       BLOB NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    )""",
                    "CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL",
                    """
                    CREATE TABLE channel_acl (
                        channel  TEXT NOT NULL,
                        identity TEXT NOT NULL,
                        PRIMARY KEY (channel, identity)
                    ) WITHOUT ROWID"""),
            List.of(
                    """
                    CREATE TABLE tasks (
                        id          TEXT PRIMARY KEY,
                        title       TEXT,
                        type        TEXT NOT NULL,
                        content     TEXT NOT NULL,
                        status      TEXT NOT NULL,
                        agent_id    TEXT,
                        result      TEXT,
                        error       TEXT,
                        created_by  TEXT NOT NULL,
                        created_at  INTEGER NOT NULL,
                        updated_at  INTEGER NOT NULL,
                        started_at  INTEGER,
                        finished_at INTEGER,
                        tokens      INTEGER
                    )""",
                    "CREATE INDEX tasks_open ON tasks (finished_at, updated_at)"),
            List.of(
                    "ALTER TABLE tasks ADD COLUMN thread_id TEXT",
                    """
                    CREATE TABLE thread_titles (
                        stream     TEXT NOT NULL,
                        thread_id  TEXT NOT NULL,
                        title      TEXT NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (stream, thread_id)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE channel_left (
                        identity TEXT NOT NULL,
                        channel  TEXT NOT NULL,
                        PRIMARY KEY (identity, channel)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE read_marks (
                        identity  TEXT NOT NULL,
                        stream    TEXT NOT NULL,
                        thread_id TEXT NOT NULL,
                        offset    INTEGER NOT NULL,
                        PRIMARY KEY (identity, stream, thread_id)
                    ) WITHOUT ROWID"""),
            List.of(
                    """
                    CREATE TABLE thread_meta (
                        stream        TEXT NOT NULL,
                        thread_id     TEXT NOT NULL,
                        pinned        INTEGER NOT NULL DEFAULT 0,
                        folder        TEXT,
                        model         TEXT,
                        system_prompt TEXT,
                        temperature   REAL,
                        updated_at    INTEGER NOT NULL,
                        PRIMARY KEY (stream, thread_id)
                    ) WITHOUT ROWID"""),
            List.of("ALTER TABLE messages ADD COLUMN edit_of TEXT"),
            List.of(
                    """
                    CREATE TABLE retention (
                        channel      TEXT PRIMARY KEY,
                        max_messages INTEGER,
                        max_age_s    INTEGER,
                        updated_at   INTEGER NOT NULL
                    ) WITHOUT ROWID""",
                    // the sender too, so unread counts read the index alone
                    "DROP INDEX messages_thread",
                    "CREATE INDEX messages_thread ON messages (stream, thread_id, offset, sender)",
                    // per thread its size and ends, kept by triggers whatever stores or removes a message,
                    // so the sidebar does not count a person's whole history each time
                    """
                    CREATE TABLE thread_stats (
                        stream    TEXT NOT NULL,
                        thread_id TEXT NOT NULL,
                        n         INTEGER NOT NULL,
                        first     INTEGER NOT NULL,
                        last      INTEGER NOT NULL,
                        PRIMARY KEY (stream, thread_id)
                    ) WITHOUT ROWID""",
                    """
                    INSERT INTO thread_stats (stream, thread_id, n, first, last)
                    SELECT stream, thread_id, COUNT(*), MIN(offset), MAX(offset) FROM messages GROUP BY stream, thread_id""",
                    """
                    CREATE TRIGGER thread_stats_stored AFTER INSERT ON messages BEGIN
                        INSERT INTO thread_stats (stream, thread_id, n, first, last)
                        VALUES (new.stream, new.thread_id, 1, new.offset, new.offset)
                        ON CONFLICT (stream, thread_id) DO UPDATE SET n = n + 1,
                            first = MIN(first, excluded.first), last = MAX(last, excluded.last);
                    END""",
                    """
                    CREATE TRIGGER thread_stats_removed AFTER DELETE ON messages BEGIN
                        UPDATE thread_stats SET n = n - 1,
                            first = COALESCE((SELECT MIN(offset) FROM messages m
                                WHERE m.stream = old.stream AND m.thread_id = old.thread_id), first),
                            last = COALESCE((SELECT MAX(offset) FROM messages m
                                WHERE m.stream = old.stream AND m.thread_id = old.thread_id), last)
                        WHERE stream = old.stream AND thread_id = old.thread_id;
                        DELETE FROM thread_stats WHERE stream = old.stream AND thread_id = old.thread_id AND n <= 0;
                    END"""),
            List.of("ALTER TABLE thread_meta ADD COLUMN tools TEXT",
                    """
                    CREATE TABLE tool_policies (
                        identity TEXT NOT NULL,
                        server   TEXT NOT NULL,
                        tool     TEXT NOT NULL,
                        policy   TEXT NOT NULL,
                        PRIMARY KEY (identity, server, tool)
                    ) WITHOUT ROWID"""),
            // 9: the MCP tool calls an agent made for a task, kept with it (JSON)
            List.of("ALTER TABLE tasks ADD COLUMN tool_calls TEXT"));

    private Migrations() {}

    static void apply(Connection c) throws SQLException {
        int version;
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > STEPS.size()) {
            throw new SQLException("the database is at schema version " + version
                    + ", newer than this Nova (" + STEPS.size() + "); upgrade Nova");
        }
        for (int v = version; v < STEPS.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : STEPS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
                log.info("database schema migrated to version {}", v + 1);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
