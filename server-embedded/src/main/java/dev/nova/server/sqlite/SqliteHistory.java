package dev.nova.server.sqlite;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.StoredMessages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import dev.nova.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Chat history in the {@code streams} and {@code messages} tables. Every call holds the database's lock: one thread uses the connection at a time. */
final class SqliteHistory implements HistoryStore {
    private final SqliteDb db;

    SqliteHistory(SqliteDb db) {
        this.db = db;
    }

    @Override
    public StreamHead head(String stream) {
        synchronized (db) {
            try {
                return headOf(stream);
            } catch (SQLException e) {
                throw fail("read the head of " + stream, e);
            }
        }
    }

    private StreamHead headOf(String stream) throws SQLException {
        try (PreparedStatement q = db.prepare("SELECT epoch, head FROM streams WHERE name = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return new StreamHead(rs.getString(1), rs.getLong(2));
                }
            }
        }
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        try (PreparedStatement u = db.prepare("INSERT INTO streams (name, epoch, head) VALUES (?, ?, 0)")) {
            u.setString(1, stream);
            u.setString(2, epoch);
            u.executeUpdate();
        }
        return new StreamHead(epoch, 0);
    }

    @Override
    public Appended append(String stream, NewMessage m) {
        PendingAppend mine = new PendingAppend(stream, m);
        waiting.add(mine);
        synchronized (db) {
            while (!mine.done) {
                commitWaiting(); // this thread leads: everyone's appends that queued up meanwhile go in with its own
            }
        }
        return mine.result(); // its commit was seen through the monitor: the leader set it while holding it
    }

    /**
     * Appends that arrive together share one transaction (group commit): a caller queues its
     * append, and whichever caller holds the database next writes every queued append in one
     * transaction and commits; every caller returns - acknowledges - only after that commit.
     */
    private final Queue<PendingAppend> waiting = new ConcurrentLinkedQueue<>();
    /** The most appends one transaction takes, so a caller's wait stays bounded under a flood. */
    static final int MAX_GROUP = 256;
    private long transactions;

    /** How many transactions appends have committed so far (group commit makes it fewer than appends). */
    long appendTransactions() {
        synchronized (db) {
            return transactions;
        }
    }

    /** Appends queued and not yet written (for tests). */
    int queued() {
        return waiting.size();
    }

    /** The monitor every call holds (for tests that hold the database while appends queue up). */
    Object lock() {
        return db;
    }

    private static final class PendingAppend {
        final String stream;
        final NewMessage message;
        Appended appended;
        RuntimeException failure;
        boolean done;

        PendingAppend(String stream, NewMessage message) {
            this.stream = stream;
            this.message = message;
        }

        Appended result() {
            if (failure != null) {
                throw failure;
            }
            return appended;
        }
    }

    /**
     * Holding the monitor: writes up to {@link #MAX_GROUP} queued appends in one transaction. When
     * one of them fails, the transaction is rolled back and each is written again in a transaction
     * of its own, so only the failing one fails (rare; savepoints for every append would cost two
     * more statements each on the common path).
     */
    private void commitWaiting() {
        List<PendingAppend> group = new ArrayList<>();
        for (PendingAppend p; group.size() < MAX_GROUP && (p = waiting.poll()) != null; ) {
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        if (!commit(group) && group.size() > 1) {
            group.forEach(p -> commit(List.of(p)));
        }
        group.forEach(p -> p.done = true);
    }

    /** Writes {@code group} in one transaction; false (each told why) when it was rolled back. */
    private boolean commit(List<PendingAppend> group) {
        transactions++;
        try {
            List<Appended> appended = db.transaction(() -> {
                List<Appended> out = new ArrayList<>(group.size());
                for (PendingAppend p : group) {
                    out.add(appendOne(p.stream, p.message));
                }
                return out;
            });
            for (int i = 0; i < group.size(); i++) {
                group.get(i).appended = appended.get(i);
                group.get(i).failure = null;
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            RuntimeException failed = e instanceof RuntimeException re ? re
                    : fail(group.size() == 1 ? "append to " + group.get(0).stream : "append " + group.size() + " messages",
                            (SQLException) e);
            group.forEach(p -> p.failure = failed); // nothing of the group was kept: nobody is told it was
            return false;
        }
    }

    private Appended appendOne(String stream, NewMessage m) throws SQLException {
        if (m.clientMessageId() != null) {
            Optional<ChatMessage> original = findByClientId(stream, m.sender(), m.clientMessageId());
            if (original.isPresent()) {
                return new Appended(original.get(), true); // nothing was written
            }
        }
        long offset = headOf(stream).offset() + 1;
        String messageId = "m-" + UUID.randomUUID();
        try (PreparedStatement i = db.prepare("INSERT INTO messages (stream, offset, message_id,"
                + " thread_id, sender, content, created_at, client_message_id, extra, edit_of) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            i.setString(1, stream);
            i.setLong(2, offset);
            i.setString(3, messageId);
            i.setString(4, m.threadId());
            i.setString(5, m.sender());
            i.setString(6, m.content());
            i.setLong(7, m.createdAt().toEpochMilli());
            i.setString(8, m.clientMessageId());
            i.setString(9, AnswerJson.write(m.answer()));
            i.setString(10, m.editOf());
            i.executeUpdate();
        }
        try (PreparedStatement u = db.prepare("UPDATE streams SET head = ? WHERE name = ?")) {
            u.setLong(1, offset);
            u.setString(2, stream);
            u.executeUpdate();
        }
        return new Appended(StoredMessages.of(m.content(), m.threadId(), messageId, offset, m.sender(),
                Timestamps.format(m.createdAt()), m.answer(), m.editOf()), false);
    }

    private Optional<ChatMessage> findByClientId(String stream, String sender, String clientId) throws SQLException {
        try (PreparedStatement q = db.prepare(SELECT
                + " WHERE stream = ? AND sender = ? AND client_message_id = ?")) {
            q.setString(1, stream);
            q.setString(2, sender);
            q.setString(3, clientId);
            List<ChatMessage> found = read(q);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @Override
    public Optional<ChatMessage> find(String stream, String messageId) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(SELECT + " WHERE stream = ? AND message_id = ?")) {
                q.setString(1, stream);
                q.setString(2, messageId);
                List<ChatMessage> found = read(q);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            } catch (SQLException e) {
                throw fail("find " + messageId + " in " + stream, e);
            }
        }
    }

    private static final String SELECT =
            "SELECT content, thread_id, message_id, offset, sender, created_at, extra, edit_of FROM messages";

    @Override
    public List<ChatMessage> after(String stream, long after, int max) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(SELECT + " WHERE stream = ? AND offset > ? ORDER BY offset LIMIT ?")) {
                q.setString(1, stream);
                q.setLong(2, after);
                q.setInt(3, max);
                return read(q);
            } catch (SQLException e) {
                throw fail("read " + stream, e);
            }
        }
    }

    @Override
    public Page before(String stream, String threadId, Long before, int limit) {
        synchronized (db) {
            String sql = SELECT + " WHERE stream = ? AND offset < ?" + (threadId == null ? "" : " AND thread_id = ?")
                    + " ORDER BY offset DESC LIMIT ?";
            try (PreparedStatement q = db.prepare(sql)) {
                int i = 1;
                q.setString(i++, stream);
                q.setLong(i++, before == null ? Long.MAX_VALUE : before);
                if (threadId != null) {
                    q.setString(i++, threadId);
                }
                q.setInt(i, limit + 1);
                List<ChatMessage> newestFirst = read(q);
                boolean more = newestFirst.size() > limit;
                List<ChatMessage> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
                Collections.reverse(page);
                return new Page(page, more);
            } catch (SQLException e) {
                throw fail("page " + stream, e);
            }
        }
    }

    @Override
    public long oldest(String stream) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT MIN(offset) FROM messages WHERE stream = ?")) {
                q.setString(1, stream);
                try (ResultSet rs = q.executeQuery()) {
                    long min = rs.getLong(1);
                    return rs.wasNull() ? headOf(stream).offset() + 1 : min;
                }
            } catch (SQLException e) {
                throw fail("read " + stream, e);
            }
        }
    }

    /** Rows removed per transaction by a trim, so a large first sweep never holds the database long. */
    static final int TRIM_BATCH = 1000;

    @Override
    public int trim(String stream, RetentionRule rule, Instant now) {
        if (rule.keepsAll()) {
            return 0;
        }
        int removed = 0;
        if (rule.maxMessages() != null) {
            // Everything below the oldest of the newest maxMessages, read once: messages stored while
            // the trim runs only move that line up, so the newest maxMessages are always kept.
            long below = nthNewestOffset(stream, rule.maxMessages());
            removed += deleteInBatches(stream, "offset < ?", below); // by the primary key
        }
        if (rule.maxAge() != null) {
            removed += deleteInBatches(stream, "created_at < ?", now.minus(rule.maxAge()).toEpochMilli()); // messages_age
        }
        return removed;
    }

    /** Deletes the stream's messages meeting {@code condition} (one long parameter), a batch per transaction. */
    private int deleteInBatches(String stream, String condition, long value) {
        int removed = 0;
        while (true) {
            int gone;
            synchronized (db) {
                try (PreparedStatement d = db.prepare("DELETE FROM messages WHERE stream = ?1 AND offset IN"
                        + " (SELECT offset FROM messages WHERE stream = ?1 AND " + condition.replace("?", "?2")
                        + " LIMIT ?3)")) {
                    d.setString(1, stream);
                    d.setLong(2, value);
                    d.setInt(3, TRIM_BATCH);
                    gone = d.executeUpdate();
                } catch (SQLException e) {
                    throw fail("trim " + stream, e);
                }
            }
            removed += gone;
            if (gone < TRIM_BATCH) {
                return removed;
            }
        }
    }

    /** The offset of the {@code n}th newest stored message, or 0 when there are not that many. */
    private long nthNewestOffset(String stream, int n) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(
                    "SELECT offset FROM messages WHERE stream = ? ORDER BY offset DESC LIMIT 1 OFFSET ?")) {
                q.setString(1, stream);
                q.setInt(2, n - 1);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw fail("count " + stream, e);
            }
        }
    }

    @Override
    public java.util.Set<String> channelStreams() {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT name FROM streams WHERE name NOT LIKE '@%'");
                 ResultSet rs = q.executeQuery()) {
                java.util.Set<String> out = new java.util.TreeSet<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            } catch (SQLException e) {
                throw fail("list the channels", e);
            }
        }
    }

    @Override
    public int delete(String stream, java.util.Collection<ChatMessage> messages) {
        synchronized (db) {
            try {
                return db.transaction(() -> {
                    int gone = 0;
                    try (PreparedStatement d = db.prepare("DELETE FROM messages WHERE stream = ? AND message_id = ?")) {
                        for (ChatMessage m : messages) {
                            d.setString(1, stream);
                            d.setString(2, m.messageId());
                            gone += d.executeUpdate();
                        }
                    }
                    return gone;
                });
            } catch (SQLException e) {
                throw fail("delete from " + stream, e);
            }
        }
    }

    private static List<ChatMessage> read(PreparedStatement q) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(StoredMessages.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), Timestamps.format(Instant.ofEpochMilli(rs.getLong(6))),
                        AnswerJson.read(rs.getString(7)), rs.getString(8)));
            }
        }
        return out;
    }


    private static StoreException fail(String what, SQLException e) {
        return SqliteDb.fail(what, e);
    }
}
