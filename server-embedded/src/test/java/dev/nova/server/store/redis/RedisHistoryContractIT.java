package dev.nova.server.store.redis;

import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.HistoryStoreContract;
import dev.nova.server.testing.SharedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The history contract on a real redis-server (shared); each test under a key prefix of its own. */
class RedisHistoryContractIT extends HistoryStoreContract {
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
    protected HistoryStore history() {
        return store.history();
    }
}
