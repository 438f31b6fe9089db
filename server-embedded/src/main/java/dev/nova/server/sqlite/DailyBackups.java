package dev.nova.server.sqlite;

import dev.nova.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of the embedded store each day, in {@code backups/} of the data directory
 * ({@code nova-YYYY-MM-DD.db}), the newest {@code keep} kept: local mode's safety net against a
 * damaged disk or a mistake. Checked at start and every hour; a day that has its copy gets no other.
 */
public final class DailyBackups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DailyBackups.class);
    static final String DIR = "backups";
    private static final String PREFIX = "nova-";
    private static final String SUFFIX = ".db";

    private final Path dataDir;
    private final int keep;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-backups");
        t.setDaemon(true);
        return t;
    });

    private DailyBackups(Path dataDir, int keep, Clock clock) {
        this.dataDir = dataDir;
        this.keep = keep;
        this.clock = clock;
    }

    /**
     * Starts taking a copy a day of the store in {@code dataDir}, keeping the newest {@code keep}; a
     * day is a day in {@code clock}'s time zone.
     */
    public static DailyBackups start(Path dataDir, int keep, Clock clock) {
        DailyBackups b = new DailyBackups(dataDir, keep, clock);
        b.timer.scheduleWithFixedDelay(b::quietly, 0, 1, TimeUnit.HOURS);
        return b;
    }

    /** Today's copy, when there is none yet, then the oldest beyond {@code keep} go; the copy made, or null. */
    synchronized Path takeIfDue() {
        Path dir = dataDir.resolve(DIR);
        Path today = dir.resolve(PREFIX + LocalDate.now(clock) + SUFFIX);
        Path made = null;
        if (!Files.exists(today)) {
            long bytes = SqliteBackup.backup(dataDir, today);
            log.info("daily backup {} ({} KB)", today, bytes / 1024);
            made = today;
        }
        prune(dir);
        return made;
    }

    private void prune(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> copies = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList(); // the date in the name sorts them oldest first
            for (Path old : copies.subList(0, Math.max(0, copies.size() - keep))) {
                Files.deleteIfExists(old);
                log.info("daily backup {} removed (the newest {} are kept)", old.getFileName(), keep);
            }
        } catch (IOException e) {
            log.warn("old daily backups could not be removed: {}", e.getMessage());
        }
    }

    private void quietly() {
        try {
            takeIfDue();
        } catch (StoreException e) {
            log.warn("daily backup failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("daily backup failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
