package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.testing.Cli;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nova-server backup} beside a server that is writing, and {@code restore} once it stopped. */
class BackupIT {
    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBackupTakenWhileAPublisherWritesHoldsEveryMessageAcknowledgedBeforeItStartedAndRestores() throws Exception {
        Path data = dir.resolve("data");
        String none = dir.resolve("none.json").toString();
        server = TestServer.start(data);
        ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        WsTestClient publisher = server.login("publisher");
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            long next = System.nanoTime();
            for (int i = 0; publishing.get(); i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += 5_000_000L; // 200 messages a second
                publisher.send(Frames.chat("general", "m" + i));
                acked.add(publisher.next(ChatMessage.class).offset());
            }
        });
        while (acked.size() < 200) {
            LockSupport.parkNanos(10_000_000L); // the publisher has been going for about a second
            assertThat(load).isNotDone();
        }
        Set<Long> before = Set.copyOf(acked);
        Path copy = dir.resolve("copies").resolve("nova-backup.db");
        Cli.Run backup = Cli.run("backup", copy.toString(), "--data-dir", data.toString(), "--config", none);
        int ackedAfter = acked.size();
        publishing.set(false);
        load.join();
        publisher.close();
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).startsWith("backed up ");
        assertThat(ackedAfter).as("the server went on writing while the copy was taken").isGreaterThan(before.size());

        Path opened = dir.resolve("opened");
        Files.createDirectories(opened);
        Files.copy(copy, opened.resolve(SqliteStore.FILE_NAME));
        Set<Long> inCopy;
        try (SqliteStore store = SqliteStore.open(opened)) {
            inCopy = store.history().after("general", 0, 100_000).stream().map(ChatMessage::offset)
                    .collect(Collectors.toSet());
        }
        assertThat(inCopy).containsAll(before);

        Cli.Run whileRunning = Cli.run("restore", copy.toString(), "--data-dir", data.toString(), "--config", none);
        assertThat(whileRunning.exit()).isEqualTo(1);
        assertThat(whileRunning.err()).contains("another Nova server is using");
        Cli.Run overwrite = Cli.run("backup", copy.toString(), "--data-dir", data.toString(), "--config", none);
        assertThat(overwrite.exit()).isEqualTo(1);
        assertThat(overwrite.err()).contains("exists already");

        server.close();
        server = null;
        Cli.Run restore = Cli.run("restore", copy.toString(), "--data-dir", data.toString(), "--config", none);
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("the database it replaced is at");
        server = TestServer.start(data);
        List<Long> restored = new ArrayList<>();
        server.server().store().history().after("general", 0, 100_000).forEach(m -> restored.add(m.offset()));
        assertThat(Set.copyOf(restored)).isEqualTo(inCopy);
        try (var kept = Files.list(data)) {
            assertThat(kept.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("nova.db.before-restore-"));
        }
    }

    @Test
    void aFileThatIsNotANovaDatabaseIsNotRestored() throws Exception {
        Path data = dir.resolve("data");
        server = TestServer.start(data);
        server.close();
        server = null;
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "not a database at all, just text that is long enough to look like a file");
        Cli.Run r = Cli.run("restore", junk.toString(), "--data-dir", data.toString(), "--config",
                dir.resolve("none.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not a readable database");
        assertThat(Files.exists(data.resolve(SqliteStore.FILE_NAME))).as("the database is left as it was").isTrue();
    }
}
