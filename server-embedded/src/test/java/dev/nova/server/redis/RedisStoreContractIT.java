package dev.nova.server.redis;

import dev.nova.server.store.Store;
import dev.nova.server.store.StoreContract;
import dev.nova.server.testing.SharedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every store port's contract on Redis: a real redis-server (shared), a key prefix of its own per test. */
class RedisStoreContractIT extends StoreContract {
    RedisStore store;
    String prefix;

    @BeforeEach
    void open() {
        prefix = SharedRedis.prefix();
        store = RedisStore.open(SharedRedis.url(), prefix);
    }

    @AfterEach
    void close() {
        if (store != null) { // null when Redis is not there and the test was skipped
            store.close();
        }
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Store reopen() {
        store.close();
        store = RedisStore.open(SharedRedis.url(), prefix);
        return store;
    }
}
