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

    /** Work on the connection that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * Call while holding this object's monitor.
     */
    <T> T transaction(SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static StoreException fail(String what, SQLException e) {
        return new StoreException("store: cannot " + what + ": " + e.getMessage(), e);
    }
}
