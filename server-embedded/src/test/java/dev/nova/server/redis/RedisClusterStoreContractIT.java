package dev.nova.server.redis;

import dev.nova.server.store.Store;
import dev.nova.server.store.StoreContract;
import dev.nova.server.testing.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every store port's contract on a real Redis Cluster of three masters: the same code, keys spread over slots. */
class RedisClusterStoreContractIT extends StoreContract {
    RedisStore store;
    String prefix;

    @BeforeEach
    void open() {
        prefix = RedisCluster.prefix();
        store = RedisStore.open(RedisCluster.url(), prefix);
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
        store = RedisStore.open(RedisCluster.url(), prefix);
        return store;
    }
}
