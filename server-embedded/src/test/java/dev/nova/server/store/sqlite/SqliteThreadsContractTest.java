package dev.nova.server.store.sqlite;

import dev.nova.server.store.Store;
import dev.nova.server.store.ThreadStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The threads contract on a real SQLite file. */
class SqliteThreadsContractTest extends ThreadStoreContract {
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
}
