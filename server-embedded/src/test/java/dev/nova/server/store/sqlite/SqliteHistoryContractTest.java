package dev.nova.server.store.sqlite;

import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.HistoryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The history contract on a real SQLite file. */
class SqliteHistoryContractTest extends HistoryStoreContract {
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
    protected HistoryStore history() {
        return store.history();
    }
}
