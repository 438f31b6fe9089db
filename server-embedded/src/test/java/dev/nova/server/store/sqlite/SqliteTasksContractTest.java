package dev.nova.server.store.sqlite;

import dev.nova.server.store.TaskStore;
import dev.nova.server.store.TaskStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The task store contract on a real SQLite file. */
class SqliteTasksContractTest extends TaskStoreContract {
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
    protected TaskStore tasks() {
        return store.tasks();
    }
}
