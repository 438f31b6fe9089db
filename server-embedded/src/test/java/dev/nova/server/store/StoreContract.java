package dev.nova.server.store;

import org.junit.jupiter.api.Nested;

/**
 * Every port of a {@link Store} against its contract: an adapter's test extends this and opens
 * an empty store before each test ({@code SqliteStoreContractTest}, {@code RedisStoreContractIT}).
 */
public abstract class StoreContract {

    /** The store under test, empty. */
    protected abstract Store store();

    @Nested
    class History extends HistoryStoreContract {
        @Override
        protected HistoryStore history() {
            return store().history();
        }
    }

    @Nested
    class Tasks extends TaskStoreContract {
        @Override
        protected TaskStore tasks() {
            return store().tasks();
        }
    }

    @Nested
    class Threads extends ThreadStoreContract {
        @Override
        protected Store store() {
            return StoreContract.this.store();
        }
    }

    @Nested
    class Presence extends PresenceContract {
        @Override
        protected PresenceStore presence() {
            return store().presence();
        }
    }
}
