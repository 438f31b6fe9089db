package dev.nova.server.sqlite;

import dev.nova.protocol.TaskStatus;
import dev.nova.server.task.TaskStore;
import dev.nova.server.store.ToolCallsJson;
import dev.nova.server.task.Task;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Tasks in the {@code tasks} table. Every call holds the database's lock. */
final class SqliteTasks implements TaskStore {
    private static final String COLUMNS = "id, title, type, content, status, agent_id, result, error, created_by,"
            + " created_at, updated_at, started_at, finished_at, tokens, thread_id, tool_calls";

    private final SqliteDb db;

    SqliteTasks(SqliteDb db) {
        this.db = db;
    }

    @Override
    public void insert(Task t) {
        write("INSERT INTO tasks (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", t, null);
    }

    @Override
    public boolean replace(Task expected, Task t) {
        return write("UPDATE tasks SET id = ?, title = ?, type = ?, content = ?, status = ?, agent_id = ?, result = ?,"
                + " error = ?, created_by = ?, created_at = ?, updated_at = ?, started_at = ?, finished_at = ?,"
                + " tokens = ?, thread_id = ?, tool_calls = ? WHERE id = ? AND status = ? AND updated_at = ?", t,
                expected) == 1;
    }

    private int write(String sql, Task t, Task expected) {
        synchronized (db) {
            try (PreparedStatement s = db.prepare(sql)) {
                s.setString(1, t.id());
                s.setString(2, t.title());
                s.setString(3, t.type());
                s.setString(4, t.content());
                s.setString(5, t.status().wire());
                s.setString(6, t.agentId());
                s.setString(7, t.result());
                s.setString(8, t.error());
                s.setString(9, t.createdBy());
                s.setLong(10, t.createdAt().toEpochMilli());
                s.setLong(11, t.updatedAt().toEpochMilli());
                setInstant(s, 12, t.startedAt());
                setInstant(s, 13, t.finishedAt());
                if (t.tokens() == null) {
                    s.setNull(14, Types.INTEGER);
                } else {
                    s.setLong(14, t.tokens());
                }
                s.setString(15, t.threadId());
                s.setString(16, ToolCallsJson.write(t.toolCalls()));
                if (expected != null) {
                    s.setString(17, expected.id());
                    s.setString(18, expected.status().wire());
                    s.setLong(19, expected.updatedAt().toEpochMilli());
                }
                return s.executeUpdate();
            } catch (SQLException e) {
                throw SqliteDb.fail("save task " + t.id(), e);
            }
        }
    }

    @Override
    public Optional<Task> task(String id) {
        synchronized (db) {
            try (PreparedStatement q = db.prepare("SELECT " + COLUMNS + " FROM tasks WHERE id = ?")) {
                q.setString(1, id);
                List<Task> found = read(q);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            } catch (SQLException e) {
                throw SqliteDb.fail("read task " + id, e);
            }
        }
    }

    @Override
    public List<Task> board(int recentClosed) {
        synchronized (db) {
            try (PreparedStatement open = db.prepare(
                    "SELECT " + COLUMNS + " FROM tasks WHERE finished_at IS NULL ORDER BY created_at");
                 PreparedStatement closed = db.prepare(
                         "SELECT " + COLUMNS + " FROM tasks WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?")) {
                closed.setInt(1, recentClosed);
                List<Task> done = read(closed);
                Collections.reverse(done);
                List<Task> out = new ArrayList<>(read(open));
                out.addAll(done);
                return out;
            } catch (SQLException e) {
                throw SqliteDb.fail("read the task board", e);
            }
        }
    }

    private static List<Task> read(PreparedStatement q) throws SQLException {
        List<Task> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long tokens = rs.getLong(14);
                Long tokensOrNull = rs.wasNull() ? null : tokens;
                out.add(new Task(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        TaskStatus.fromWire(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)),
                        instant(rs, 12), instant(rs, 13), tokensOrNull, rs.getString(15),
                        ToolCallsJson.read(rs.getString(16))));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement s, int i, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setLong(i, at.toEpochMilli());
        }
    }

}
