package dev.nova.server.sqlite;

import dev.nova.server.store.AclStore;
import java.util.HashSet;
import java.util.Set;
import dev.nova.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Private-channel access lists in the {@code channel_acl} table. Every call holds the database's lock: one thread uses the connection at a time. */
final class SqliteAcl implements AclStore {
    private final SqliteDb db;

    SqliteAcl(SqliteDb db) {
        this.db = db;
    }

    @Override
    public void grant(String channel, String identity) {
        synchronized (db) {
            aclUpdate("INSERT OR IGNORE INTO channel_acl (channel, identity) VALUES (?, ?)", channel, identity);
        }
    }

    @Override
    public void revoke(String channel, String identity) {
        synchronized (db) {
            aclUpdate("DELETE FROM channel_acl WHERE channel = ? AND identity = ?", channel, identity);
        }
    }

    private void aclUpdate(String sql, String channel, String identity) {
        try (PreparedStatement u = db.prepare(sql)) {
            u.setString(1, channel);
            u.setString(2, identity);
            u.executeUpdate();
        } catch (SQLException e) {
            throw fail("change the ACL of " + channel, e);
        }
    }

    @Override
    public Set<String> readers(String channel) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT identity FROM channel_acl WHERE channel = ?")) {
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
    }


    private static StoreException fail(String what, SQLException e) {
        return SqliteDb.fail(what, e);
    }
}
