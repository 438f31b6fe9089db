package dev.nova.server.cli;

import dev.nova.server.config.ServerConfig;
import dev.nova.server.store.StoreException;
import dev.nova.server.sqlite.SqliteBackup;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nova-server backup FILE} and {@code nova-server restore FILE}: the embedded store's copies. */
final class BackupCommand {
    private BackupCommand() {}

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Copy the data directory's database to FILE, safe while a server is running:",
                    "one consistent snapshot, the server's writes go on meanwhile. On Redis, see",
                    "docs/OPERATIONS.md (RDB snapshots and the append-only file) instead."})
    static final class Backup implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "FILE", description = "Where the copy goes; must not exist yet.")
        Path file;

        @Override
        public Integer call() {
            ServerConfig config = options.resolve(Map.of());
            if (config.redis().enabled()) {
                System.err.println("nova-server: a team's Redis is backed up by Redis itself (BGSAVE, or the"
                        + " append-only file): see docs/OPERATIONS.md, 'Backups'");
                return 1;
            }
            try {
                long bytes = SqliteBackup.backup(config.dataDir(), file);
                System.out.printf("backed up %s to %s (%,d KB)%n", config.dataDir(), file, bytes / 1024);
                return 0;
            } catch (StoreException e) {
                System.err.println("nova-server: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Put the backup FILE in place of the data directory's database. Stop the server",
                    "first (a running one holds the directory). The database it replaces is kept beside",
                    "it as nova.db.before-restore-<time>."})
    static final class Restore implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "FILE", description = "A backup made by 'nova-server backup' or a daily copy.")
        Path file;

        @Override
        public Integer call() {
            ServerConfig config = options.resolve(Map.of());
            if (config.redis().enabled()) {
                System.err.println("nova-server: restore is for the data directory's database; a team's Redis is"
                        + " restored from its own snapshot (docs/OPERATIONS.md, 'Backups')");
                return 1;
            }
            try {
                Path kept = SqliteBackup.restore(file, config.dataDir());
                System.out.println("restored " + file + " into " + config.dataDir()
                        + (kept == null ? "" : "; the database it replaced is at " + kept));
                return 0;
            } catch (StoreException e) {
                System.err.println("nova-server: " + e.getMessage());
                return 1;
            }
        }
    }
}
