package dev.nova.server.sqlite;

import dev.nova.server.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The one JDBC connection to {@code nova.db}. It is also the lock: the history, key and ACL
 * parts each hold it for the whole of a call, so one thread uses the connection at a time and a
 * transaction never interleaves with another call.
 */
final class SqliteDb {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqliteDb(Connection connection) {
        this.connection = connection;
    }

    /** The connection; use it only while holding this object's monitor. */
    Connection connection() {
        return connection;
    }

    /**
     * The prepared statement for {@code sql}, compiled once and kept: SQLite compiling the same
     * statement again for every message was a fifth of a chat message's cost. Use it in
     * try-with-resources as a fresh one; its {@code close()} only clears the parameters. Call while
     * holding this object's monitor.
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement kept = statements.get(sql);
        if (kept == null) {
            kept = connection.prepareStatement(sql);
            statements.put(sql, kept);
        }
        PreparedStatement target = kept;
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        target.clearParameters();
                        return null;
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Closes every kept statement; the store closes the connection after. */
    void closeStatements() {
        for (PreparedStatement s : statements.values()) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
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
