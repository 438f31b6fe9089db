package dev.nova.server.sqlite;

import dev.nova.protocol.ToolPolicy;
import dev.nova.server.store.ToolPolicyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Tool policies in the {@code tool_policies} table. Every call holds the database's lock. */
final class SqliteToolPolicies implements ToolPolicyStore {
    private final SqliteDb db;

    SqliteToolPolicies(SqliteDb db) {
        this.db = db;
    }

    @Override
    public Map<String, ToolPolicy> policies(String identity) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT server, tool, policy FROM tool_policies WHERE identity = ?")) {
                q.setString(1, identity);
                Map<String, ToolPolicy> out = new HashMap<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.put(ToolPolicyStore.key(rs.getString(1), rs.getString(2)), ToolPolicy.fromWire(rs.getString(3)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw SqliteDb.fail("read the tool policies", e);
            }
        }
    }

    @Override
    public void set(String identity, String server, String tool, ToolPolicy policy) {
        synchronized (db) {
            try (PreparedStatement u = db.prepare("INSERT INTO tool_policies (identity, server, tool, policy)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (identity, server, tool) DO UPDATE SET policy = excluded.policy")) {
                u.setString(1, identity);
                u.setString(2, server);
                u.setString(3, tool);
                u.setString(4, policy.wire());
                u.executeUpdate();
            } catch (SQLException e) {
                throw SqliteDb.fail("set a tool policy", e);
            }
        }
    }
}
