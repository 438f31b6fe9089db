package dev.nova.server.store.redis;

import dev.nova.server.store.Store;
import dev.nova.server.store.StoreContract;
import dev.nova.server.testing.SharedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every store port's contract on Redis: a real redis-server (shared), a key prefix of its own per test. */
class RedisStoreContractIT extends StoreContract {
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
    protected Store store() {
        return store;
    }
}
