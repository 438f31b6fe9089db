package dev.nova.server.sqlite;

import dev.nova.server.store.AclStore;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.RetentionStore;
import dev.nova.server.store.ToolPolicyStore;
import dev.nova.server.store.Store;
import dev.nova.server.task.TaskStore;
import dev.nova.server.store.ThreadStore;
import dev.nova.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one SQLite file in WAL mode, one connection used by one thread at a time.
 * A message is committed before its sender sees it acknowledged; with WAL and
 * {@code synchronous=NORMAL} a committed transaction survives the process being killed (only a
 * power cut can lose the last ones).
 */
public final class SqliteStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    public static final String FILE_NAME = "nova.db";

    private final SqliteDb db;
    private final SqliteHistory history;
    private final SqliteKeys keys;
    private final SqliteAcl acl;
    private final SqliteTasks tasks;
    private final SqliteThreads threads;
    private final SqliteRetention retention;
    private final SqliteToolPolicies toolPolicies;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DataDirLock lock;

    private SqliteStore(Connection connection) {
        this.db = new SqliteDb(connection);
        this.history = new SqliteHistory(db);
        this.keys = new SqliteKeys(db);
        this.acl = new SqliteAcl(db);
        this.tasks = new SqliteTasks(db);
        this.threads = new SqliteThreads(db);
        this.retention = new SqliteRetention(db);
        this.toolPolicies = new SqliteToolPolicies(db);
    }

    /**
     * {@link #open}, for a hub: also locks the directory, so that a second server on it fails at
     * once with a clear message. The lock goes with {@link #close()}.
     */
    public static SqliteStore openExclusive(Path dataDir) {
        DataDirLock lock = DataDirLock.take(dataDir);
        try {
            SqliteStore store = open(dataDir);
            store.lock = lock;
            return store;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens (creating when needed) {@code nova.db} in {@code dataDir} and brings its schema up to date. */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve(FILE_NAME);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = 5000");
            }
            Migrations.apply(c);
            log.info("store opened at {}", file);
            return new SqliteStore(c);
        } catch (Exception e) {
            throw new StoreException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public KeyStore keys() {
        return keys;
    }

    @Override
    public AclStore acl() {
        return acl;
    }

    @Override
    public TaskStore tasks() {
        return tasks;
    }

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public RetentionStore retention() {
        return retention;
    }

    @Override
    public ToolPolicyStore toolPolicies() {
        return toolPolicies;
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public boolean healthy() {
        synchronized (db) {
            try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            } catch (SQLException e) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (db) {
            try {
                db.closeStatements();
                db.connection().close();
                log.info("store closed");
            } catch (SQLException e) {
                log.warn("closing the store failed", e);
            }
        }
        DataDirLock l = lock;
        if (l != null) {
            l.close();
        }
    }
}
