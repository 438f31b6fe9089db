package dev.nova.server.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.store.HistoryStore.NewMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode's copy a day: one per day, the newest seven kept, each a whole database. */
class DailyBackupsTest {
    @TempDir
    Path dir;

    @Test
    void oneCopyADayTheNewestSevenKeptEachOneOpens() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.history().append("@assistant/ann", new NewMessage("t", "ann", "keep me", null, Instant.now()));
        }
        Instant day = Instant.parse("2026-03-01T12:00:00Z");
        for (int d = 0; d < 10; d++) {
            Clock clock = Clock.fixed(day.plusSeconds(d * 86_400L), ZoneId.of("UTC"));
            try (DailyBackups b = DailyBackups.start(dir, 7, clock)) {
                b.takeIfDue(); // made now, or by the start's own first check
                assertThat(b.takeIfDue()).as("a day has one copy").isNull();
            }
        }
        Path backups = dir.resolve(DailyBackups.DIR);
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "nova-2026-03-04.db", "nova-2026-03-05.db", "nova-2026-03-06.db", "nova-2026-03-07.db",
                    "nova-2026-03-08.db", "nova-2026-03-09.db", "nova-2026-03-10.db");
        }
        Path opened = dir.resolve("opened");
        Files.createDirectories(opened);
        Files.copy(backups.resolve("nova-2026-03-10.db"), opened.resolve(SqliteStore.FILE_NAME));
        try (SqliteStore copy = SqliteStore.open(opened)) {
            assertThat(copy.history().after("@assistant/ann", 0, 10)).extracting(m -> m.content()).containsExactly("keep me");
        }
    }
}
