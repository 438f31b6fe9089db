package dev.nova.server.sqlite;

import dev.nova.server.store.Store;
import dev.nova.server.store.StoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Every store port's contract on the embedded store: a real SQLite file per test. */
class SqliteStoreContractTest extends StoreContract {
    @TempDir
    Path dir;
    SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Store reopen() {
        store.close();
        store = SqliteStore.open(dir);
        return store;
    }
}
