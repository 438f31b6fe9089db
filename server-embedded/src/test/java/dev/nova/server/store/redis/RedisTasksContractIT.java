package dev.nova.server.store.redis;

import dev.nova.server.store.TaskStore;
import dev.nova.server.store.TaskStoreContract;
import dev.nova.server.testing.SharedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The task store contract on a real redis-server (shared); each test under a key prefix of its own. */
class RedisTasksContractIT extends TaskStoreContract {
    RedisStore store;

    @BeforeEach
    void open() {
        store = RedisStore.open(SharedRedis.url(), SharedRedis.prefix(), 10_000);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected TaskStore tasks() {
        return store.tasks();
    }
}
