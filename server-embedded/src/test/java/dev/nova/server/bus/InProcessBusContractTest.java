package dev.nova.server.bus;

import dev.nova.server.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The bus contract for one process over a real SQLite file. */
class InProcessBusContractTest extends MessageBusContract {
    @TempDir
    Path dir;
    SqliteStore store;

    @Override
    protected MessageBus newBus() {
        store = SqliteStore.open(dir);
        return new InProcessBus(store.history(), new StreamLocks());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
