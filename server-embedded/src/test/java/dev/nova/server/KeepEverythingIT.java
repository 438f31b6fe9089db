package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.store.Store;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.SharedRedis;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a person wrote stays, with the defaults a new user gets: the sequence that once emptied a
 * person's oldest conversation (six imported conversations of 200 messages and one more, then 20
 * questions) loses nothing, whether the count of imported messages is odd or even, on SQLite and
 * on Redis, before and after a restart.
 */
class KeepEverythingIT {
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void model() throws java.io.IOException {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("Noted."));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        lm.close();
    }

    @ParameterizedTest(name = "{0}, a last import of {1}")
    @CsvSource({"sqlite, 1", "sqlite, 2", "redis, 1", "redis, 2"})
    void importsThenQuestionsLoseNothingAndSurviveARestart(String kind, int lastImport) {
        Supplier<Store> store = kind.equals("redis") ? redis() : () -> SqliteStore.openExclusive(dir.resolve("data"));
        server = TestServer.start(dir.resolve("data"), store.get(), TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
        String key = server.key("ann");
        Map<String, Integer> expected = new HashMap<>();
        try (WsTestClient ann = server.login("ann", key)) {
            for (int c = 1; c <= 6; c++) {
                importThread(ann, "imported-" + c, 200);
                expected.put("imported-" + c, 200);
            }
            importThread(ann, "imported-7", lastImport);
            expected.put("imported-7", lastImport);
            for (int q = 1; q <= 20; q++) {
                ann.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Question " + q
                        + "\",\"thread_id\":\"asked\"}}");
                ann.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()));
            }
            expected.put("asked", 40);
            assertEverythingThere(ann, expected);
        }
        server.close();
        server = TestServer.start(dir.resolve("data"), store.get(), TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
        try (WsTestClient ann = server.login("ann", key)) {
            assertEverythingThere(ann, expected);
        }
    }

    private Supplier<Store> redis() {
        String url = SharedRedis.url();
        String prefix = SharedRedis.prefix();
        return () -> RedisStore.open(url, prefix);
    }

    /** One thread_import of {@code n} messages, alternately the person's and the assistant's. */
    private static void importThread(WsTestClient c, String thread, int n) {
        StringBuilder messages = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            messages.append(i == 1 ? "" : ",").append("{\"role\":\"").append(i % 2 == 1 ? "user" : "assistant")
                    .append("\",\"content\":\"").append(thread).append(" message ").append(i)
                    .append("\",\"message_id\":\"").append(thread).append("-").append(i)
                    .append("\",\"created_at\":\"2024-0").append(1 + i % 9).append("-01T10:00:00.000Z\"}");
        }
        c.send("{\"type\":\"thread_import\",\"data\":{\"thread_id\":\"" + thread + "\",\"title\":\"" + thread
                + "\",\"messages\":[" + messages + "]}}");
        ServerMessage.ThreadImport ack = (ServerMessage.ThreadImport) c.nextMatching(
                e -> e.data() instanceof ServerMessage.ThreadImport).data();
        assertThat(ack.stored()).isEqualTo(n);
    }

    /** Every thread listed with its count, and every message there when the thread is paged through. */
    private static void assertEverythingThere(WsTestClient c, Map<String, Integer> expected) {
        c.send("{\"type\":\"threads\",\"data\":{}}");
        ServerMessage.Threads listed = (ServerMessage.Threads) c.nextMatching(
                e -> e.data() instanceof ServerMessage.Threads).data();
        Map<String, Integer> counts = new HashMap<>();
        for (ThreadInfo t : listed.threads()) {
            counts.put(t.threadId(), t.messages());
        }
        assertThat(counts).isEqualTo(expected);
        expected.forEach((thread, n) -> assertThat(page(c, thread)).as(thread).hasSize(n));
    }

    private static List<ChatMessage> page(WsTestClient c, String thread) {
        List<ChatMessage> all = new ArrayList<>();
        Long before = null;
        while (true) {
            c.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"" + thread + "\",\"limit\":100"
                    + (before == null ? "" : ",\"before\":" + before) + "}}");
            ServerMessage.History h = (ServerMessage.History) c.nextMatching(
                    e -> e.data() instanceof ServerMessage.History).data();
            all.addAll(0, h.messages());
            if (!Boolean.TRUE.equals(h.hasMore()) || h.messages().isEmpty()) {
                return all;
            }
            before = h.messages().get(0).offset();
        }
    }
}
