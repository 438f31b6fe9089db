package dev.nova.server.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.StoreException;
import dev.nova.server.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file: appends that arrive while the database is busy share one
 * transaction, none is acknowledged before that commit, and one that fails is undone alone.
 */
class SqliteGroupCommitIT {
    private static final int N = 8;

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newFixedThreadPool(N);
    private SqliteStore store;

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (store != null) {
            store.close();
        }
    }

    private static NewMessage message(String content) {
        return new NewMessage("t", "ann", content, null, Instant.parse("2026-12-07T10:00:00Z"));
    }

    /** Queues {@code contents} as appends from N threads while the database is held, then lets them go. */
    private List<Future<Appended>> appendTogether(SqliteHistory history, List<String> contents) {
        List<Future<Appended>> results = new ArrayList<>();
        synchronized (history.lock()) {
            for (int i = 0; i < contents.size(); i++) {
                String stream = "s" + (i % 3);
                String content = contents.get(i);
                results.add(pool.submit(() -> history.append(stream, message(content))));
            }
            Eventually.until("every append queued", Duration.ofSeconds(20), () -> history.queued() == contents.size());
            assertThat(results).as("nothing is acknowledged before its commit").noneMatch(Future::isDone);
        }
        return results;
    }

    @Test
    void appendsThatArriveTogetherShareOneTransactionAndAreAllKept() throws Exception {
        store = SqliteStore.open(dir);
        SqliteHistory history = (SqliteHistory) store.history();
        long before = history.appendTransactions();
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            contents.add("message " + i);
        }

        List<Future<Appended>> results = appendTogether(history, contents);
        List<Appended> appended = new ArrayList<>();
        for (Future<Appended> f : results) {
            appended.add(f.get(20, TimeUnit.SECONDS));
        }

        assertThat(history.appendTransactions() - before).as("one transaction for all").isEqualTo(1);
        for (int s = 0; s < 3; s++) {
            String stream = "s" + s;
            List<Long> offsets = new ArrayList<>();
            for (int i = s; i < N; i += 3) {
                offsets.add(appended.get(i).message().offset());
            }
            assertThat(offsets).as("each stream's offsets one after another").doesNotHaveDuplicates()
                    .allMatch(o -> o >= 1 && o <= offsets.size());
            assertThat(history.head(stream).offset()).isEqualTo(offsets.size());
        }
        store.close();
        store = SqliteStore.open(dir);
        int kept = 0;
        for (int s = 0; s < 3; s++) {
            kept += store.history().after("s" + s, 0, 100).size();
        }
        assertThat(kept).as("all kept across a reopen").isEqualTo(N);
    }

    @Test
    void anAppendThatFailsIsUndoneAloneAndTheOthersOfItsGroupAreKept() throws Exception {
        store = SqliteStore.open(dir);
        SqliteHistory history = (SqliteHistory) store.history();
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            contents.add(i == 4 ? null : "message " + i); // content is NOT NULL in the table
        }

        List<Future<Appended>> results = appendTogether(history, contents);

        int ok = 0;
        for (int i = 0; i < N; i++) {
            Future<Appended> f = results.get(i);
            if (i == 4) {
                assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(StoreException.class);
            } else {
                assertThat(f.get(20, TimeUnit.SECONDS).message().content()).isEqualTo("message " + i);
                ok++;
            }
        }
        store.close();
        store = SqliteStore.open(dir);
        int kept = 0;
        for (int s = 0; s < 3; s++) {
            kept += store.history().after("s" + s, 0, 100).size();
            assertThat(store.history().head("s" + s).offset()).as("no gap where the failed one was")
                    .isEqualTo(store.history().after("s" + s, 0, 100).size());
        }
        assertThat(kept).isEqualTo(ok).isEqualTo(N - 1);
    }
}
