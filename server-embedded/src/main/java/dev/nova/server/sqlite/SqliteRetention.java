package dev.nova.server.sqlite;

import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.RetentionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Channels' own retention rules in the {@code retention} table. Every call holds the database's lock. */
final class SqliteRetention implements RetentionStore {
    private final SqliteDb db;

    SqliteRetention(SqliteDb db) {
        this.db = db;
    }

    @Override
    public Map<String, RetentionRule> rules() {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT channel, max_messages, max_age_s FROM retention");
                 ResultSet rs = q.executeQuery()) {
                Map<String, RetentionRule> out = new TreeMap<>();
                while (rs.next()) {
                    int count = rs.getInt(2);
                    Integer maxMessages = rs.wasNull() ? null : count;
                    long age = rs.getLong(3);
                    Duration maxAge = rs.wasNull() ? null : Duration.ofSeconds(age);
                    out.put(rs.getString(1), new RetentionRule(maxMessages, maxAge));
                }
                return out;
            } catch (SQLException e) {
                throw SqliteDb.fail("read the retention rules", e);
            }
        }
    }

    @Override
    public void set(String channel, RetentionRule rule) {
        synchronized (db) {
            try (PreparedStatement u = db.prepare("INSERT INTO retention (channel, max_messages, max_age_s, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE SET max_messages = excluded.max_messages,"
                    + " max_age_s = excluded.max_age_s, updated_at = excluded.updated_at")) {
                u.setString(1, channel);
                u.setObject(2, rule.maxMessages());
                u.setObject(3, rule.maxAge() == null ? null : rule.maxAge().toSeconds());
                u.setLong(4, System.currentTimeMillis());
                u.executeUpdate();
            } catch (SQLException e) {
                throw SqliteDb.fail("set the retention of " + channel, e);
            }
        }
    }

    @Override
    public boolean clear(String channel) {
        synchronized (db) {
            try (PreparedStatement d = db.prepare("DELETE FROM retention WHERE channel = ?")) {
                d.setString(1, channel);
                return d.executeUpdate() > 0;
            } catch (SQLException e) {
                throw SqliteDb.fail("clear the retention of " + channel, e);
            }
        }
    }
}
