package dev.nova.server.sqlite;

import dev.nova.server.store.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.nova.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** API key hashes in the {@code api_keys} table. Every call holds the database's lock: one thread uses the connection at a time. */
final class SqliteKeys implements KeyStore {
    private final SqliteDb db;

    SqliteKeys(SqliteDb db) {
        this.db = db;
    }

    @Override
    public void addKey(String name, String role, byte[] hash, Instant createdAt) {
        synchronized (db) {
            try (PreparedStatement i = db.prepare(
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
    }

    @Override
    public Optional<StoredKey> findByHash(byte[] hash) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(
                    "SELECT name, role, hash, created_at, revoked_at FROM api_keys WHERE hash = ? AND revoked_at IS NULL")) {
                q.setBytes(1, hash);
                List<StoredKey> keys = readKeys(q);
                return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
            } catch (SQLException e) {
                throw fail("look up a key", e);
            }
        }
    }

    @Override
    public List<StoredKey> listKeys() {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(
                    "SELECT name, role, hash, created_at, revoked_at FROM api_keys ORDER BY created_at")) {
                return readKeys(q);
            } catch (SQLException e) {
                throw fail("list keys", e);
            }
        }
    }

    @Override
    public boolean revokeKey(String name, Instant at) {
        synchronized (db) {
            try (PreparedStatement u = db.prepare(
                    "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                u.setLong(1, at.toEpochMilli());
                u.setString(2, name);
                return u.executeUpdate() > 0;
            } catch (SQLException e) {
                throw fail("revoke key " + name, e);
            }
        }
    }

    @Override
    public List<StoredKey> revokedSince(Instant since) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare(
                    "SELECT name, role, hash, created_at, revoked_at FROM api_keys WHERE revoked_at >= ?")) {
                q.setLong(1, since.toEpochMilli());
                return readKeys(q);
            } catch (SQLException e) {
                throw fail("list revoked keys", e);
            }
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


    private static StoreException fail(String what, SQLException e) {
        return SqliteDb.fail(what, e);
    }
}
