package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.server.auth.ApiKeys;
import dev.nova.server.identity.Role;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.testing.ChildServer;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History lives in the data directory: it outlasts a restart, and a kill -9. */
class RestartIT {
    @TempDir
    Path dir;

    @Test
    void aRestartedServerKeepsHistoryOffsetsAndEpoch() {
        String key;
        String epoch;
        try (TestServer first = TestServer.start(dir)) {
            key = first.key("alice");
            try (WsTestClient c = first.login("alice", key)) {
                epoch = c.send(Frames.subscribe("diary")).next(SubscriptionSuccess.class).epoch();
                for (int i = 1; i <= 3; i++) {
                    c.send(Frames.chat("diary", "day " + i)).next(ChatMessage.class);
                }
            }
        }
        try (TestServer second = TestServer.start(dir); WsTestClient c = second.login("alice", key)) {
            c.send(Frames.subscribeSince("diary", 1, epoch));
            SubscriptionSuccess sub = c.next(SubscriptionSuccess.class);
            assertThat(sub.epoch()).isEqualTo(epoch);
            assertThat(sub.offset()).isEqualTo(3);
            assertThat(sub.recovered()).isTrue();
            assertThat(c.collect(ChatMessage.class, 2)).extracting(ChatMessage::content).containsExactly("day 2", "day 3");
            c.send(Frames.chat("diary", "day 4"));
            assertThat(c.next(ChatMessage.class).offset()).isEqualTo(4);
        }
    }

    @Test
    void aTaskAnAgentHeldWhenTheServerStoppedIsDoneAfterTheRestart() throws Exception {
        java.time.Instant then = java.time.Instant.parse("2026-11-25T08:00:00Z");
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.tasks().insert(new dev.nova.server.task.Task("task-orphan", "Left behind", "write", "finish me",
                    dev.nova.protocol.TaskStatus.IN_PROGRESS, "writer", null, null, "alice", then, then, then, null, null,
                    null));
        }
        try (dev.nova.server.testing.FakeLmStudio lm = new dev.nova.server.testing.FakeLmStudio()) {
            lm.always(dev.nova.server.testing.FakeLmStudio.Script.stream().answer("Done at last."));
            try (TestServer server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), java.time.Duration.ofSeconds(5)));
                 WsTestClient c = server.login("alice")) {
                c.send(Frames.subscribe("tasks"));
                ServerMessage.TaskUpdate done = (ServerMessage.TaskUpdate) c.nextMatching(e -> e.data()
                        instanceof ServerMessage.TaskUpdate u && u.taskId().equals("task-orphan")
                        && u.status() == dev.nova.protocol.TaskStatus.COMPLETED).data();
                assertThat(done.result()).isEqualTo("Done at last.");
            }
        }
    }

    @Test
    void everyAcknowledgedMessageSurvivesKillDashNine() throws Exception {
        String key;
        try (SqliteStore store = SqliteStore.open(dir)) {
            key = new ApiKeys(store.keys(), Clock.systemUTC()).create("alice", Role.USER);
        }
        try (ChildServer server = ChildServer.serve(dir);
             WsTestClient c = WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/api/nova/ws/alice"))) {
            c.send(Frames.auth(key)).next(ServerMessage.ConnectionSuccess.class);
            for (int i = 1; i <= 20; i++) {
                c.send(Frames.chat("journal", "entry " + i));
            }
            assertThat(c.collect(ChatMessage.class, 20)).hasSize(20); // all acknowledged
            server.kill();
        }
        try (TestServer again = TestServer.start(dir); WsTestClient c = again.login("alice", key)) {
            c.send(Frames.history("journal", null, 100));
            List<ChatMessage> kept = c.next(ServerMessage.History.class).messages();
            assertThat(kept).extracting(ChatMessage::content).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "entry " + i).toList());
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedWithAClearMessage() throws Exception {
        try (ChildServer first = ChildServer.serve(dir)) {
            assertThatThrownBy(() -> TestServer.start(dir))
                    .hasMessageContaining("another Nova server is using " + dir)
                    .hasMessageContaining("process " + first.process().pid());
            try (SqliteStore tools = SqliteStore.open(dir)) { // keys and acl commands still work beside it
                assertThat(tools.healthy()).isTrue();
            }
            first.stop();
        }
        try (TestServer after = TestServer.start(dir)) { // the lock went with the first server
            assertThat(after.server().port()).isPositive();
        }
    }
}
