package dev.nova.server.testing;

import dev.nova.server.auth.ApiKeys;
import dev.nova.server.identity.Role;
import dev.nova.server.redis.RedisStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A team of {@code nova-server serve --redis} child processes on the shared test Redis, under a
 * key prefix of its own (in a config file every node reads), with keys made straight in Redis.
 */
public record RedisTeam(String url, String prefix, Path config) {

    public static RedisTeam create(Path dir) throws IOException {
        String prefix = SharedRedis.prefix();
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"redis_prefix\": \"" + prefix + "\"}");
        return new RedisTeam(SharedRedis.url(), prefix, config);
    }

    /** A new key for {@code name}, good on every node. */
    public String key(String name, Role role) {
        try (RedisStore store = RedisStore.open(url, prefix)) {
            return new ApiKeys(store.keys(), Clock.systemUTC()).create(name, role);
        }
    }

    /** One more node, its own data directory {@code data}. */
    public ChildServer node(Path data) throws Exception {
        return ChildServer.serve(data, "--redis", url, "--config", config.toString());
    }
}
