package dev.nova.server.redis;

import dev.nova.server.store.AclStore;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Set;

/** Who may read a {@code private:} channel: one Redis set per channel, the same on every node. */
final class RedisAcl implements AclStore {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisAcl(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void grant(String channel, String identity) {
        RedisHistory.call("grant " + channel, () -> redis.sadd(keys.acl(channel), identity));
    }

    @Override
    public void revoke(String channel, String identity) {
        RedisHistory.call("revoke " + channel, () -> redis.srem(keys.acl(channel), identity));
    }

    @Override
    public Set<String> readers(String channel) {
        return Set.copyOf(RedisHistory.call("read the access list of " + channel, () -> redis.smembers(keys.acl(channel))));
    }
}
