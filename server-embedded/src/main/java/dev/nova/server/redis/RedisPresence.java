package dev.nova.server.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.AgentStatus;
import dev.nova.server.store.PresenceStore;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes' leases in Redis: a sorted set of node ids by expiry and, per node, its agents' statuses
 * as JSON. Renewing and claiming are scripts, so of two nodes sweeping at once only one claims a
 * dead node. Every key carries the {@code {agents}} hash tag.
 */
final class RedisPresence implements PresenceStore {
    /** KEYS: leases, node's agents. ARGV: node, expiry ms, agents JSON. */
    private static final String RENEW = """
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[3])
            return 1
            """;
    /** KEYS: leases, node's agents. ARGV: node, now ms. Returns the agents JSON when claimed, else false. */
    private static final String CLAIM = """
            local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not expires or tonumber(expires) > tonumber(ARGV[2]) then return false end
            redis.call('ZREM', KEYS[1], ARGV[1])
            local agents = redis.call('GET', KEYS[2]) or '[]'
            redis.call('DEL', KEYS[2])
            return agents
            """;
    private static final TypeReference<List<AgentStatus>> STATUSES = new TypeReference<>() {};

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json = new ObjectMapper();

    RedisPresence(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void renew(String node, List<AgentStatus> agents, Instant expires) {
        String value = write(agents);
        RedisHistory.call("renew the lease of " + node, () -> redis.eval(RENEW, ScriptOutputType.INTEGER,
                new String[] {keys.leases(), keys.nodeAgents(node)}, node, Long.toString(expires.toEpochMilli()), value));
    }

    @Override
    public List<AgentStatus> others(String node, Instant now) {
        return RedisHistory.call("read the nodes' agents", () -> {
            List<AgentStatus> out = new ArrayList<>();
            for (String n : redis.zrangebyscore(keys.leases(), Range.create((double) now.toEpochMilli() + 1,
                    Double.POSITIVE_INFINITY))) {
                if (!n.equals(node)) {
                    out.addAll(read(redis.get(keys.nodeAgents(n))));
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, List<AgentStatus>> claimExpired(Instant now) {
        return RedisHistory.call("claim the nodes whose lease ran out", () -> {
            Map<String, List<AgentStatus>> out = new LinkedHashMap<>();
            long ms = now.toEpochMilli();
            for (String n : redis.zrangebyscore(keys.leases(), Range.create(Double.NEGATIVE_INFINITY, (double) ms))) {
                String agents = redis.eval(CLAIM, ScriptOutputType.VALUE, new String[] {keys.leases(), keys.nodeAgents(n)},
                        n, Long.toString(ms));
                if (agents != null) {
                    out.put(n, read(agents));
                }
            }
            return out;
        });
    }

    @Override
    public void leave(String node) {
        RedisHistory.call("end the lease of " + node, () -> {
            redis.zrem(keys.leases(), node);
            return redis.del(keys.nodeAgents(node));
        });
    }

    private String write(List<AgentStatus> agents) {
        try {
            return json.writeValueAsString(agents);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<AgentStatus> read(String value) {
        if (value == null) {
            return List.of();
        }
        try {
            return json.readValue(value, STATUSES);
        } catch (JsonProcessingException | RuntimeException e) {
            return List.of(); // a lease that does not read names no agents; it still expires
        }
    }
}
