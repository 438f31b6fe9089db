package dev.nova.server.sqlite;

import dev.nova.protocol.ThreadSettings;
import dev.nova.server.store.StoreException;
import dev.nova.server.store.ThreadStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Thread titles, read marks, summaries and search, over the {@code messages} table. */
final class SqliteThreads implements ThreadStore {
    private final SqliteDb db;

    SqliteThreads(SqliteDb db) {
        this.db = db;
    }

    /** Unread counts stop here: the sidebar shows "99+" beyond, and counting further costs a scan. */
    static final int UNREAD_CAP = 100;

    // Per thread: count, first and last offset from thread_stats (kept by triggers); the first and
    // last message by primary key; unread from the (stream, thread_id, offset, sender) index alone,
    // stopping at the cap.
    private static final String THREADS = """
            SELECT g.thread_id, t.title, f.content, g.n,
                   (SELECT COUNT(*) FROM (SELECT 1 FROM messages u INDEXED BY messages_thread
                     WHERE u.stream = ?1 AND u.thread_id = g.thread_id AND u.offset > COALESCE(r.offset, 0)
                       AND u.sender <> ?2 LIMIT %d)),
                   g.last, l.created_at, t.updated_at
            FROM thread_stats g
            JOIN messages f ON f.stream = ?1 AND f.offset = g.first
            JOIN messages l ON l.stream = ?1 AND l.offset = g.last
            LEFT JOIN read_marks r ON r.identity = ?2 AND r.stream = ?1 AND r.thread_id = g.thread_id
            LEFT JOIN thread_titles t ON t.stream = ?1 AND t.thread_id = g.thread_id
            WHERE g.stream = ?1""".formatted(UNREAD_CAP);

    private static final String EMPTY_TITLED = """
            SELECT t.thread_id, t.title, t.updated_at FROM thread_titles t
            WHERE t.stream = ? AND NOT EXISTS
                (SELECT 1 FROM thread_stats g WHERE g.stream = t.stream AND g.thread_id = t.thread_id)""";

    @Override
    public List<ThreadRow> threads(String stream, String reader) {
        synchronized (db) {
            List<ThreadRow> rows = new ArrayList<>();
            try (PreparedStatement q = db.prepare(THREADS)) {
                q.setString(1, stream);
                q.setString(2, reader);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new ThreadRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getInt(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)), instant(rs, 8)));
                    }
                }
                try (PreparedStatement e = db.prepare(EMPTY_TITLED)) {
                    e.setString(1, stream);
                    try (ResultSet rs = e.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new ThreadRow(rs.getString(1), rs.getString(2), null, 0, 0, 0, null, instant(rs, 3)));
                        }
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw fail("list the threads of " + stream, e);
            }
        }
    }

    // Per channel (a stream whose name does not start with @): its size from thread_stats, its last message by
    // primary key, and unread by primary key from the reader's mark, stopping at the cap.
    private static final String CHANNELS = """
            SELECT s.name, (SELECT SUM(n) FROM thread_stats ts WHERE ts.stream = s.name),
                   (SELECT COUNT(*) FROM (SELECT 1 FROM messages u WHERE u.stream = s.name
                     AND u.offset > COALESCE(r.offset, 0) AND u.sender <> ?1 LIMIT %d)),
                   l.offset, l.created_at
            FROM streams s
            JOIN messages l ON l.stream = s.name AND l.offset = (SELECT MAX(x.offset) FROM messages x WHERE x.stream = s.name)
            LEFT JOIN read_marks r ON r.identity = ?1 AND r.stream = s.name AND r.thread_id = ''
            WHERE s.name NOT LIKE '@%%'
              AND %s EXISTS (SELECT 1 FROM channel_left cl WHERE cl.identity = ?1 AND cl.channel = s.name)""";
    private static final String CHANNELS_JOINED = CHANNELS.formatted(UNREAD_CAP, "NOT");
    private static final String CHANNELS_LEFT = CHANNELS.formatted(UNREAD_CAP, "");

    @Override
    public List<StreamRow> channels(String reader) {
        return channels(CHANNELS_JOINED, reader);
    }

    @Override
    public List<StreamRow> channelsLeft(String reader) {
        return channels(CHANNELS_LEFT, reader);
    }

    private List<StreamRow> channels(String sql, String reader) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(sql)) {
                q.setString(1, reader);
                List<StreamRow> rows = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new StreamRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4),
                                Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw fail("list the channels", e);
            }
        }
    }

    @Override
    public void leave(String identity, String channel) {
        membership("INSERT OR IGNORE INTO channel_left (identity, channel) VALUES (?, ?)", identity, channel);
    }

    @Override
    public void rejoin(String identity, String channel) {
        membership("DELETE FROM channel_left WHERE identity = ? AND channel = ?", identity, channel);
    }

    private void membership(String sql, String identity, String channel) {
        synchronized (db) {
            try {
                update(sql, identity, channel);
            } catch (SQLException e) {
                throw fail("record " + identity + "'s membership of " + channel, e);
            }
        }
    }

    @Override
    public void rename(String stream, String threadId, String title, Instant at) {
        synchronized (db) {
            try (PreparedStatement u = db.prepare("INSERT INTO thread_titles"
                    + " (stream, thread_id, title, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream, thread_id)"
                    + " DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at")) {
                u.setString(1, stream);
                u.setString(2, threadId);
                u.setString(3, title);
                u.setLong(4, at.toEpochMilli());
                u.executeUpdate();
            } catch (SQLException e) {
                throw fail("rename a thread of " + stream, e);
            }
        }
    }

    @Override
    public Map<String, ThreadMeta> metas(String stream) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(META + " WHERE stream = ?")) {
                q.setString(1, stream);
                Map<String, ThreadMeta> metas = new HashMap<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ThreadMeta m = meta(rs);
                        if (!m.isEmpty()) {
                            metas.put(rs.getString(1), m);
                        }
                    }
                }
                return metas;
            } catch (SQLException e) {
                throw fail("read the threads' pins, folders and settings", e);
            }
        }
    }

    @Override
    public ThreadMeta meta(String stream, String threadId) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(META + " WHERE stream = ? AND thread_id = ?")) {
                q.setString(1, stream);
                q.setString(2, threadId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? meta(rs) : ThreadMeta.NONE;
                }
            } catch (SQLException e) {
                throw fail("read a thread's settings", e);
            }
        }
    }

    private static final String META =
            "SELECT thread_id, pinned, folder, model, system_prompt, temperature, updated_at, tools FROM thread_meta";

    private static ThreadMeta meta(ResultSet rs) throws SQLException {
        double t = rs.getDouble(6);
        Double temperature = rs.wasNull() ? null : t;
        return new ThreadMeta(rs.getInt(2) != 0, rs.getString(3),
                new ThreadSettings(rs.getString(4), rs.getString(5), temperature, toolServers(rs.getString(8))),
                instant(rs, 7));
    }

    @Override
    public ThreadMeta annotate(String stream, String threadId, Boolean pinned, String folder, ThreadSettings settings,
                               Instant at) {
        synchronized (db) {
            try {
                db.transaction(() -> {
                    try (PreparedStatement u = db.prepare("INSERT INTO thread_meta (stream, thread_id, updated_at)"
                            + " VALUES (?, ?, ?) ON CONFLICT (stream, thread_id) DO UPDATE SET updated_at = excluded.updated_at")) {
                        u.setString(1, stream);
                        u.setString(2, threadId);
                        u.setLong(3, at.toEpochMilli());
                        u.executeUpdate();
                    }
                    if (pinned != null) {
                        set("pinned = ?", stream, threadId, pinned ? 1 : 0);
                    }
                    if (folder != null) {
                        set("folder = ?", stream, threadId, folder.isEmpty() ? null : folder);
                    }
                    if (settings != null) {
                        set("model = ?, system_prompt = ?, temperature = ?, tools = ?", stream, threadId,
                                settings.model(), settings.systemPrompt(), settings.temperature(),
                                settings.tools() == null ? null : String.join(",", settings.tools()));
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw fail("change a thread's pin, folder or settings", e);
            }
            return meta(stream, threadId);
        }
    }

    /** Sets columns of one thread's meta row; call while holding the database's lock. */
    private void set(String columns, String stream, String threadId, Object... values) throws SQLException {
        try (PreparedStatement u = db.prepare("UPDATE thread_meta SET " + columns + " WHERE stream = ? AND thread_id = ?")) {
            int i = 1;
            for (Object v : values) {
                u.setObject(i++, v);
            }
            u.setString(i++, stream);
            u.setString(i, threadId);
            u.executeUpdate();
        }
    }

    @Override
    public int delete(String stream, String threadId) {
        synchronized (db) {
            try {
                return db.transaction(() -> {
                    int gone = update("DELETE FROM messages WHERE stream = ? AND thread_id = ?", stream, threadId);
                    update("DELETE FROM thread_titles WHERE stream = ? AND thread_id = ?", stream, threadId);
                    update("DELETE FROM read_marks WHERE stream = ? AND thread_id = ?", stream, threadId);
                    update("DELETE FROM thread_meta WHERE stream = ? AND thread_id = ?", stream, threadId);
                    return gone;
                });
            } catch (SQLException e) {
                throw fail("delete a thread of " + stream, e);
            }
        }
    }

    /** Runs a statement with two string parameters; call while holding the database's lock. */
    private int update(String sql, String first, String second) throws SQLException {
        try (PreparedStatement d = db.prepare(sql)) {
            d.setString(1, first);
            d.setString(2, second);
            return d.executeUpdate();
        }
    }

    @Override
    public void markRead(String reader, String stream, String threadId, long offset) {
        synchronized (db) {
            try (PreparedStatement u = db.prepare("INSERT INTO read_marks"
                    + " (identity, stream, thread_id, offset) VALUES (?, ?, ?, ?) ON CONFLICT (identity, stream, thread_id)"
                    + " DO UPDATE SET offset = MAX(offset, excluded.offset)")) {
                u.setString(1, reader);
                u.setString(2, stream);
                u.setString(3, threadId);
                u.setLong(4, offset);
                u.executeUpdate();
            } catch (SQLException e) {
                throw fail("mark " + stream + " read", e);
            }
        }
    }

    @Override
    public List<Found> search(Collection<String> streams, String text, int limit) {
        if (streams.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT stream, thread_id, message_id, offset, sender, content, created_at FROM messages"
                + " WHERE stream IN (" + String.join(",", Collections.nCopies(streams.size(), "?")) + ")"
                + " AND content LIKE ? ESCAPE '\\' ORDER BY created_at DESC, offset DESC LIMIT ?";
        synchronized (db) {
            try (PreparedStatement q = db.prepare(sql)) {
                int i = 1;
                for (String s : streams) {
                    q.setString(i++, s);
                }
                q.setString(i++, "%" + escapeLike(text) + "%");
                q.setInt(i, limit);
                List<Found> found = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw fail("search", e);
            }
        }
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /** The MCP servers a thread may use, stored comma-separated (server names hold no comma). */
    private static java.util.List<String> toolServers(String stored) {
        return stored == null || stored.isEmpty() ? null : java.util.List.of(stored.split(","));
    }

    private static StoreException fail(String what, SQLException e) {
        return SqliteDb.fail(what, e);
    }
}
