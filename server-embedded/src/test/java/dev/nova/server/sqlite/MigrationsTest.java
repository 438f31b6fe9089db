package dev.nova.server.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.store.ThreadStore.ThreadRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written by an older Nova opens in this one with everything it held. */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void aVersion2DatabaseGainsTheSidebarTablesAndKeepsItsMessages() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             Statement s = c.createStatement()) {
            for (List<String> step : Migrations.STEPS.subList(0, 2)) {
                for (String sql : step) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = 2");
            s.execute("INSERT INTO streams (name, epoch, head) VALUES ('@assistant/ana', 'e1', 1)");
            s.execute("INSERT INTO messages (stream, offset, message_id, thread_id, sender, content, created_at)"
                    + " VALUES ('@assistant/ana', 1, 'm-1', 'assistant', 'ana', 'hello from v2', 1700000000000)");
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            assertThat(store.history().after("@assistant/ana", 0, 10)).extracting(m -> m.content())
                    .containsExactly("hello from v2");
            List<ThreadRow> threads = store.threads().threads("@assistant/ana", "ana");
            assertThat(threads).singleElement().satisfies(t -> {
                assertThat(t.firstMessage()).isEqualTo("hello from v2");
                assertThat(t.unread()).isZero();
            });
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Migrations.STEPS.size());
        }
    }

    @Test
    void likeWildcardsAreEscaped() {
        assertThat(SqliteThreads.escapeLike("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
    }
}
