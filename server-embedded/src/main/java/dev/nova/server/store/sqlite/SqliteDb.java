package dev.nova.server.store.sqlite;

import dev.nova.server.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one JDBC connection to {@code nova.db}. It is also the lock: the history, key and ACL
 * parts each hold it for the whole of a call, so one thread uses the connection at a time and a
 * transaction never interleaves with another call.
 */
final class SqliteDb {
    private final Connection connection;

    SqliteDb(Connection connection) {
        this.connection = connection;
    }

    /** The connection; use it only while holding this object's monitor. */
    Connection connection() {
        return connection;
    }

    static StoreException fail(String what, SQLException e) {
        return new StoreException("store: cannot " + what + ": " + e.getMessage(), e);
    }
}
