package dev.nova.server.store.sqlite;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.store.Store;
import dev.nova.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one SQLite file in WAL mode, one connection used by one thread at a time.
 * A message is committed before its sender sees it acknowledged; with WAL and
 * {@code synchronous=NORMAL} a committed transaction survives the process being killed (only a
 * power cut can lose the last ones).
 */
public final class SqliteStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    public static final String FILE_NAME = "nova.db";

    private final Connection db;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteStore(Connection db) {
        this.db = db;
    }

    /** Opens (creating when needed) {@code nova.db} in {@code dataDir} and brings its schema up to date. */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve(FILE_NAME);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = 5000");
            }
            Migrations.apply(c);
            log.info("store opened at {}", file);
            return new SqliteStore(c);
        } catch (Exception e) {
            throw new StoreException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public synchronized boolean healthy() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    // ---- history

    @Override
    public synchronized StreamHead head(String stream) {
        try {
            return headOf(stream);
        } catch (SQLException e) {
            throw fail("read the head of " + stream, e);
        }
    }

    private StreamHead headOf(String stream) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT epoch, head FROM streams WHERE name = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return new StreamHead(rs.getString(1), rs.getLong(2));
                }
            }
        }
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        try (PreparedStatement u = db.prepareStatement("INSERT INTO streams (name, epoch, head) VALUES (?, ?, 0)")) {
            u.setString(1, stream);
            u.setString(2, epoch);
            u.executeUpdate();
        }
        return new StreamHead(epoch, 0);
    }

    @Override
    public synchronized Appended append(String stream, NewMessage m) {
        try {
            db.setAutoCommit(false);
            try {
                if (m.clientMessageId() != null) {
                    Optional<ChatMessage> original = findByClientId(stream, m.sender(), m.clientMessageId());
                    if (original.isPresent()) {
                        db.rollback();
                        return new Appended(original.get(), true);
                    }
                }
                long offset = headOf(stream).offset() + 1;
                String messageId = "m-" + UUID.randomUUID();
                try (PreparedStatement i = db.prepareStatement("INSERT INTO messages (stream, offset, message_id,"
                        + " thread_id, sender, content, created_at, client_message_id) VALUES (?,?,?,?,?,?,?,?)")) {
                    i.setString(1, stream);
                    i.setLong(2, offset);
                    i.setString(3, messageId);
                    i.setString(4, m.threadId());
                    i.setString(5, m.sender());
                    i.setString(6, m.content());
                    i.setLong(7, m.createdAt().toEpochMilli());
                    i.setString(8, m.clientMessageId());
                    i.executeUpdate();
                }
                try (PreparedStatement u = db.prepareStatement("UPDATE streams SET head = ? WHERE name = ?")) {
                    u.setLong(1, offset);
                    u.setString(2, stream);
                    u.executeUpdate();
                }
                db.commit();
                return new Appended(ChatMessage.of(m.content(), m.threadId(), messageId, offset, m.sender(),
                        Timestamps.format(m.createdAt())), false);
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("append to " + stream, e);
        }
    }

    private Optional<ChatMessage> findByClientId(String stream, String sender, String clientId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(SELECT
                + " WHERE stream = ? AND sender = ? AND client_message_id = ?")) {
            q.setString(1, stream);
            q.setString(2, sender);
            q.setString(3, clientId);
            List<ChatMessage> found = read(q);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static final String SELECT =
            "SELECT content, thread_id, message_id, offset, sender, created_at FROM messages";

    @Override
    public synchronized List<ChatMessage> after(String stream, long after, int max) {
        try (PreparedStatement q = db.prepareStatement(SELECT + " WHERE stream = ? AND offset > ? ORDER BY offset LIMIT ?")) {
            q.setString(1, stream);
            q.setLong(2, after);
            q.setInt(3, max);
            return read(q);
        } catch (SQLException e) {
            throw fail("read " + stream, e);
        }
    }

    @Override
    public synchronized Page before(String stream, String threadId, Long before, int limit) {
        String sql = SELECT + " WHERE stream = ? AND offset < ?" + (threadId == null ? "" : " AND thread_id = ?")
                + " ORDER BY offset DESC LIMIT ?";
        try (PreparedStatement q = db.prepareStatement(sql)) {
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

    @Override
    public synchronized long oldest(String stream) {
        try (PreparedStatement q = db.prepareStatement("SELECT MIN(offset) FROM messages WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                long min = rs.getLong(1);
                return rs.wasNull() ? headOf(stream).offset() + 1 : min;
            }
        } catch (SQLException e) {
            throw fail("read " + stream, e);
        }
    }

    @Override
    public synchronized int trim(String stream, int keep, Instant cutoff) {
        try (PreparedStatement d = db.prepareStatement(
                "DELETE FROM messages WHERE stream = ? AND (offset <= (SELECT head FROM streams WHERE name = ?) - ?"
                        + " OR created_at < ?)")) {
            d.setString(1, stream);
            d.setString(2, stream);
            d.setLong(3, keep);
            d.setLong(4, cutoff.toEpochMilli());
            return d.executeUpdate();
        } catch (SQLException e) {
            throw fail("trim " + stream, e);
        }
    }

    private static List<ChatMessage> read(PreparedStatement q) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(ChatMessage.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), Timestamps.format(Instant.ofEpochMilli(rs.getLong(6)))));
            }
        }
        return out;
    }

    // ---- keys

    @Override
    public synchronized void addKey(String name, String role, byte[] hash, Instant createdAt) {
        try (PreparedStatement i = db.prepareStatement(
                "INSERT INTO api_keys (name, role, hash, created_at) VALUES (?, ?, ?, ?)")) {
            i.setString(1, name);
            i.setString(2, role);
            i.setBytes(3, hash);
            i.setLong(4, createdAt.toEpochMilli());
            i.executeUpdate();
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                throw new StoreException("an active key named '" + name + "' already exists; revoke it first");
            }
            throw fail("add key " + name, e);
        }
    }

    @Override
    public synchronized Optional<StoredKey> findByHash(byte[] hash) {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT name, role, hash, created_at, revoked_at FROM api_keys WHERE hash = ? AND revoked_at IS NULL")) {
            q.setBytes(1, hash);
            List<StoredKey> keys = readKeys(q);
            return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
        } catch (SQLException e) {
            throw fail("look up a key", e);
        }
    }

    @Override
    public synchronized List<StoredKey> listKeys() {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT name, role, hash, created_at, revoked_at FROM api_keys ORDER BY created_at")) {
            return readKeys(q);
        } catch (SQLException e) {
            throw fail("list keys", e);
        }
    }

    @Override
    public synchronized boolean revokeKey(String name, Instant at) {
        try (PreparedStatement u = db.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            u.setLong(1, at.toEpochMilli());
            u.setString(2, name);
            return u.executeUpdate() > 0;
        } catch (SQLException e) {
            throw fail("revoke key " + name, e);
        }
    }

    private static List<StoredKey> readKeys(PreparedStatement q) throws SQLException {
        List<StoredKey> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long revoked = rs.getLong(5);
                Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                out.add(new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3),
                        Instant.ofEpochMilli(rs.getLong(4)), revokedAt));
            }
        }
        return out;
    }

    // ---- ACL

    @Override
    public synchronized void grant(String channel, String identity) {
        aclUpdate("INSERT OR IGNORE INTO channel_acl (channel, identity) VALUES (?, ?)", channel, identity);
    }

    @Override
    public synchronized void revoke(String channel, String identity) {
        aclUpdate("DELETE FROM channel_acl WHERE channel = ? AND identity = ?", channel, identity);
    }

    private void aclUpdate(String sql, String channel, String identity) {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            u.setString(1, channel);
            u.setString(2, identity);
            u.executeUpdate();
        } catch (SQLException e) {
            throw fail("change the ACL of " + channel, e);
        }
    }

    @Override
    public synchronized Set<String> readers(String channel) {
        try (PreparedStatement q = db.prepareStatement("SELECT identity FROM channel_acl WHERE channel = ?")) {
            q.setString(1, channel);
            Set<String> out = new HashSet<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read the ACL of " + channel, e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            try {
                db.close();
                log.info("store closed");
            } catch (SQLException e) {
                log.warn("closing the store failed", e);
            }
        }
    }

    private static StoreException fail(String what, SQLException e) {
        return new StoreException("store: cannot " + what + ": " + e.getMessage(), e);
    }
}
