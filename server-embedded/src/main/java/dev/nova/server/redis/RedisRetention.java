package dev.nova.server.redis;

import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.RetentionStore;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Channels' own retention rules in one hash, field channel, value {@code <max messages>|<max age s>}. */
final class RedisRetention implements RetentionStore {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisRetention(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Map<String, RetentionRule> rules() {
        Map<String, RetentionRule> out = new TreeMap<>();
        RedisHistory.call("read the retention rules", () -> redis.hgetall(keys.retention())).forEach((channel, v) -> {
            int bar = v.indexOf('|');
            String count = v.substring(0, bar);
            String age = v.substring(bar + 1);
            out.put(channel, new RetentionRule(count.isEmpty() ? null : Integer.valueOf(count),
                    age.isEmpty() ? null : Duration.ofSeconds(Long.parseLong(age))));
        });
        return out;
    }

    @Override
    public void set(String channel, RetentionRule rule) {
        String v = (rule.maxMessages() == null ? "" : rule.maxMessages().toString()) + "|"
                + (rule.maxAge() == null ? "" : Long.toString(rule.maxAge().toSeconds()));
        RedisHistory.call("set the retention of " + channel, () -> redis.hset(keys.retention(), channel, v));
    }

    @Override
    public boolean clear(String channel) {
        return RedisHistory.call("clear the retention of " + channel, () -> redis.hdel(keys.retention(), channel)) > 0;
    }
}
