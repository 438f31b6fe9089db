package dev.nova.server.store.redis;

import dev.nova.server.store.Store;
import dev.nova.server.store.StoreContract;
import dev.nova.server.testing.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every store port's contract on a real Redis Cluster of three masters: the same code, keys spread over slots. */
class RedisClusterStoreContractIT extends StoreContract {
    RedisStore store;

    @BeforeEach
    void open() {
        store = RedisStore.open(RedisCluster.url(), RedisCluster.prefix(), 10_000);
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
