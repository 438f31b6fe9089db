package dev.nova.server.store.redis;

import dev.nova.server.store.Store;
import dev.nova.server.store.ThreadStoreContract;
import dev.nova.server.store.sqlite.SqliteStore;
import dev.nova.server.testing.RedisProcess;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The threads contract on a real redis-server; each test under a key prefix of its own. */
class RedisThreadsContractIT extends ThreadStoreContract {
    static RedisProcess redis;
    @TempDir
    static Path redisDir;
    @TempDir
    Path dir;
    RedisStore store;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start(redisDir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void open() {
        store = RedisStore.open(redis.url(), "t" + UUID.randomUUID().toString().substring(0, 8) + ":", 10_000,
                SqliteStore.open(dir));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected Store store() {
        return store;
    }
}
