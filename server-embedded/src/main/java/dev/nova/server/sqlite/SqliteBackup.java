package dev.nova.server.sqlite;

import dev.nova.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Copies of the embedded store, safe while a server writes to it: {@code VACUUM INTO} on a
 * connection of its own reads one consistent snapshot in one read transaction (in WAL mode a reader
 * never blocks the server's writes, and the server's writes never restart the copy), into a file
 * beside the target that is renamed into place only when complete. Restoring checks the copy
 * first and keeps the database it replaces, moved aside.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    /** Copies the database in {@code dataDir} to {@code target} (which must not exist); returns its size in bytes. */
    public static long backup(Path dataDir, Path target) {
        Path db = dataDir.resolve(SqliteStore.FILE_NAME);
        if (!Files.exists(db)) {
            throw new StoreException("no database at " + db);
        }
        if (Files.exists(target)) {
            throw new StoreException(target + " exists already: give a new file name");
        }
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            Files.createDirectories(absolute.getParent());
            Files.deleteIfExists(partial);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                 PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
                try (Statement pragma = c.createStatement()) {
                    pragma.execute("PRAGMA busy_timeout = 5000");
                }
                s.setString(1, partial.toString());
                s.execute();
            }
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(absolute);
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // failing anyway
            }
            throw new StoreException("cannot back up " + db + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code backup} in place of the database in {@code dataDir}, which no server may be using
     * (its lock is taken for the time of the restore). The copy is checked first (a readable Nova
     * database, whole); the database it replaces is kept beside it as {@code nova.db.before-restore-<time>}.
     * Returns where the replaced database went, or null when there was none.
     */
    public static Path restore(Path backup, Path dataDir) {
        if (!Files.isRegularFile(backup)) {
            throw new StoreException("no backup at " + backup);
        }
        check(backup);
        try (DataDirLock lock = DataDirLock.take(dataDir)) {
            Path db = dataDir.resolve(SqliteStore.FILE_NAME);
            Path kept = null;
            if (Files.exists(db)) {
                // moved aside whole, its write-ahead log with it, so it opens again as it was
                kept = dataDir.resolve(SqliteStore.FILE_NAME + ".before-restore-"
                        + Instant.now().toString().replace(':', '-'));
                for (String suffix : new String[] {"-wal", "-shm", ""}) {
                    Path f = dataDir.resolve(SqliteStore.FILE_NAME + suffix);
                    if (Files.exists(f)) {
                        Files.move(f, kept.resolveSibling(kept.getFileName() + suffix));
                    }
                }
            }
            Path partial = dataDir.resolve(SqliteStore.FILE_NAME + ".restoring");
            Files.copy(backup, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        } catch (IOException e) {
            throw new StoreException("cannot restore " + backup + " into " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** A whole, readable Nova database, or a StoreException saying what is wrong with it. */
    static void check(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new StoreException(file + " is damaged: " + verdict);
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                int version = rs.getInt(1);
                if (version < 1 || version > Migrations.STEPS.size()) {
                    throw new StoreException(file + " is not a Nova database this version can open (schema "
                            + version + ")");
                }
            }
        } catch (SQLException e) {
            throw new StoreException(file + " is not a readable database: " + e.getMessage(), e);
        }
    }
}
