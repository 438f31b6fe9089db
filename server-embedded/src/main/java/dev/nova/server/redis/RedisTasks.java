package dev.nova.server.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.store.StoreException;
import dev.nova.server.store.ToolCallsJson;
import dev.nova.server.task.TaskStore;
import dev.nova.server.task.Task;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The task board shared by every node: each task as JSON in one hash, its version
 * ({@code status|updated_at}) in another, open tasks in a sorted set by creation and closed ones
 * by finish. A change is a compare-and-set in one script, so of two nodes moving one task only
 * one wins; all the board's keys share the {@code {tasks}} hash tag.
 */
final class RedisTasks implements TaskStore {
    /**
     * KEYS: tasks, versions, open, closed. ARGV: id, expected version ('' for an insert), new JSON,
     * new version, '1' when closed, score. Returns 1 when stored, 0 when the version differed.
     */
    private static final String WRITE = """
            local current = redis.call('HGET', KEYS[2], ARGV[1])
            if ARGV[2] == '' then
              if current then return 0 end
            elseif current ~= ARGV[2] then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
            if ARGV[5] == '1' then
              redis.call('ZREM', KEYS[3], ARGV[1])
              redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
            else
              redis.call('ZREM', KEYS[4], ARGV[1])
              redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
            end
            return 1""";

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisTasks(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void insert(Task task) {
        if (!write(null, task)) {
            throw new StoreException("task " + task.id() + " exists already");
        }
    }

    @Override
    public boolean replace(Task expected, Task updated) {
        return write(expected, updated);
    }

    private boolean write(Task expected, Task t) {
        boolean closed = t.finishedAt() != null;
        long score = (closed ? t.finishedAt() : t.createdAt()).toEpochMilli();
        String[] k = {keys.tasks(), keys.taskVersions(), keys.openTasks(), keys.closedTasks()};
        Long done = RedisHistory.call("save task " + t.id(), () -> redis.eval(WRITE, ScriptOutputType.INTEGER, k,
                t.id(), expected == null ? "" : version(expected), json(t), version(t), closed ? "1" : "0",
                Long.toString(score)));
        return done != null && done == 1;
    }

    @Override
    public Optional<Task> task(String id) {
        String json = RedisHistory.call("read task " + id, () -> redis.hget(keys.tasks(), id));
        return json == null ? Optional.empty() : Optional.of(read(json));
    }

    @Override
    public List<Task> board(int recentClosed) {
        List<String> open = RedisHistory.call("read the board", () -> redis.zrange(keys.openTasks(), 0, -1));
        List<String> closed = recentClosed <= 0 ? List.of()
                : new ArrayList<>(RedisHistory.call("read the board", () -> redis.zrevrange(keys.closedTasks(), 0, recentClosed - 1)));
        Collections.reverse(closed);
        List<Task> out = new ArrayList<>(open.size() + closed.size());
        out.addAll(fetch(open));
        out.addAll(fetch(closed));
        return out;
    }

    @Override
    public boolean sharedByNodes() {
        return true;
    }

    private List<Task> fetch(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<KeyValue<String, String>> values = RedisHistory.call("read the board", () ->
                redis.hmget(keys.tasks(), ids.toArray(String[]::new)));
        List<Task> out = new ArrayList<>(values.size());
        values.stream().filter(KeyValue::hasValue).forEach(v -> out.add(read(v.getValue())));
        return out;
    }

    /** What a compare-and-set compares: a task's status and last change. */
    private static String version(Task t) {
        return t.status().wire() + "|" + t.updatedAt().toEpochMilli();
    }

    private static String json(Task t) {
        ObjectNode n = RedisHistory.JSON.createObjectNode();
        n.put("id", t.id()).put("title", t.title()).put("type", t.type()).put("content", t.content())
                .put("status", t.status().wire()).put("agent_id", t.agentId()).put("result", t.result())
                .put("error", t.error()).put("created_by", t.createdBy()).put("created_at", t.createdAt().toEpochMilli())
                .put("updated_at", t.updatedAt().toEpochMilli()).put("tokens", t.tokens()).put("thread_id", t.threadId());
        putInstant(n, "started_at", t.startedAt());
        putInstant(n, "finished_at", t.finishedAt());
        if (!t.toolCalls().isEmpty()) {
            n.put("tool_calls", ToolCallsJson.write(t.toolCalls()));
        }
        return n.toString();
    }

    private static void putInstant(ObjectNode n, String field, Instant at) {
        if (at != null) {
            n.put(field, at.toEpochMilli());
        }
    }

    private static Task read(String json) {
        try {
            JsonNode n = RedisHistory.JSON.readTree(json);
            return new Task(text(n, "id"), text(n, "title"), text(n, "type"), text(n, "content"),
                    TaskStatus.fromWire(text(n, "status")), text(n, "agent_id"), text(n, "result"), text(n, "error"),
                    text(n, "created_by"), instant(n, "created_at"), instant(n, "updated_at"), instant(n, "started_at"),
                    instant(n, "finished_at"), n.hasNonNull("tokens") ? n.get("tokens").asLong() : null,
                    text(n, "thread_id"), ToolCallsJson.read(text(n, "tool_calls")));
        } catch (IOException e) {
            throw new StoreException("a stored task could not be read: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.ofEpochMilli(n.get(field).asLong()) : null;
    }
}
