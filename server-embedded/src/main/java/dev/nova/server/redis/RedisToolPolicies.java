package dev.nova.server.redis;

import dev.nova.protocol.ToolPolicy;
import dev.nova.server.store.ToolPolicyStore;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.HashMap;
import java.util.Map;

/** Tool policies in one hash per identity: field {@code server/tool}, value the policy. */
final class RedisToolPolicies implements ToolPolicyStore {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisToolPolicies(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Map<String, ToolPolicy> policies(String identity) {
        Map<String, ToolPolicy> out = new HashMap<>();
        RedisHistory.call("read the tool policies", () -> redis.hgetall(keys.toolPolicies(identity)))
                .forEach((key, policy) -> out.put(key, ToolPolicy.fromWire(policy)));
        return out;
    }

    @Override
    public void set(String identity, String server, String tool, ToolPolicy policy) {
        RedisHistory.call("set a tool policy", () -> redis.hset(keys.toolPolicies(identity),
                ToolPolicyStore.key(server, tool), policy.wire()));
    }
}
