package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RawSocketClient;
import dev.nova.server.testing.RawSocketClient.Frame;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of connections sending malformed and hostile frames. Afterwards every one of them either
 * was closed with a Nova close code or still answers a ping: none is left stalled, open but deaf.
 * Stored messages are untouched, and a well-behaved client is served throughout.
 */
class HostileFramesIT {

    @TempDir
    Path dir;
    TestServer server;
    String key;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, c -> c.withAuthTimeout(Duration.ofSeconds(3)));
        key = server.key("mallory");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Each entry is one frame; {@code AUTH} is replaced by a valid auth frame. */
    private List<String> corpus() {
        String deep = "[".repeat(40) + "]".repeat(40);
        return List.of(
                "", "{", "}", "null", "[]", "42", "\"auth\"", "{\"type\":", "{\"type\":\"auth\"}",
                "{\"type\":\"auth\",\"data\":[]}", "{\"type\":\"auth\",\"data\":{\"api_key\":42}}",
                "{\"type\":\"auth\",\"data\":{\"api_key\":\"nova_wrong\"}}",
                "AUTH", "AUTH", // a second auth on an authenticated connection
                "{\"type\":\"auth\",\"client_id\":\"someone-else\",\"data\":{\"api_key\":\"KEY\"}}",
                "{\"type\":\"ping\",\"data\":{}}", "{\"type\":\"ping\"}", "{\"type\":\"pong\",\"data\":{}}",
                "{\"type\":\"nope\",\"data\":{}}", "{\"type\":\"subscribe\",\"data\":{\"channel\":\"bad name!\"}}",
                "{\"type\":\"subscribe\",\"data\":{\"channel\":\"private:secret\"}}",
                "{\"type\":\"subscribe\",\"data\":{\"channel\":\"x\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}}",
                "{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{\"content\":" + "9".repeat(100) + "}}",
                "{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{}}",
                "{\"type\":\"chat_message\",\"client_id\":\"other\",\"channel\":\"general\",\"data\":{\"content\":\"x\"}}",
                "{\"type\":\"history\",\"data\":{\"limit\":100000}}", "{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"r\"}}",
                "{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"no_such\",\"metadata\":{}}}",
                "{\"type\":\"task_update\",\"data\":{\"task_id\":\"t\",\"status\":\"completed\"}}",
                "{\"type\":\"agent_status\",\"data\":{\"agent_id\":\"a\",\"status\":\"idle\"}}",
                "{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t\",\"deleted\":true}}",
                "{\"type\":\"search\",\"data\":{\"query\":\"\"}}", "{\"type\":\"mark_read\",\"data\":{\"offset\":1e400}}",
                "{\"type\":\"ping\",\"timestamp\":\"yesterday\",\"data\":{}}", "{\"type\":\"ping\",\"extra\":1,\"data\":{}}",
                "{\"type\":\"ping\",\"data\":" + deep + "}", "\u0000\u0001\u0002", "{\"type\":\"ping\",\"data\":{}}{}",
                "{\"type\":\"\\ud800\",\"data\":{}}", "{\"type\":\"ping\",\"data\":{\"k\":\"\\udc00\"}}",
                "{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{\"content\":\"half \\ud83d\"}}",
                "{\"type\":\"subscribe\",\"data\":{\"channel\":\"\\ud83d\"}}",
                "x".repeat(70_000), "{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{\"content\":\""
                        + "y".repeat(200_000) + "\"}}");
    }

    @Test
    void noHostileFrameLeavesAConnectionOpenButDeafAndNothingStoredIsLost() throws Exception {
        List<String> corpus = corpus();
        try (WsTestClient writer = server.login("writer")) {
            for (int i = 0; i < 10; i++) {
                writer.send(Frames.chat("archive", "kept " + i)).next(ChatMessage.class);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Set<String> stalled = ConcurrentHashMap.newKeySet();
        Set<String> badCodes = ConcurrentHashMap.newKeySet();
        List<Future<?>> runs = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            long seed = n;
            runs.add(pool.submit(() -> {
                Random r = new Random(seed);
                List<String> sent = new ArrayList<>();
                try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
                    int frames = 1 + r.nextInt(seed % 10 == 0 ? 80 : 12); // some exceed the violation limit
                    for (int i = 0; i < frames; i++) {
                        String f = corpus.get(r.nextInt(corpus.size()));
                        f = f.equals("AUTH") ? Frames.auth(key) : f.replace("KEY", key);
                        sent.add(f.length() > 80 ? f.substring(0, 80) + "..." : f);
                        c.sendText(f);
                    }
                    c.sendText(Frames.ping());
                    verdict(c, sent, stalled, badCodes);
                } catch (IOException e) {
                    // the server may close mid-way; then the socket write fails: closed, not stalled
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(stalled).as("connections open but answering nothing").isEmpty();
        assertThat(badCodes).as("closes with codes Nova does not use").isEmpty();
        try (WsTestClient reader = server.login("reader")) {
            reader.send(Frames.history("archive", null, 100));
            List<ChatMessage> kept = reader.next(ServerMessage.History.class).messages();
            assertThat(kept).extracting(ChatMessage::content).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 10).mapToObj(i -> "kept " + i).toList());
        }
    }

    @Test
    void aClientThatIgnoresTheServersCloseAndGoesOnSendingIsCutOff() throws IOException {
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            for (int i = 0; i <= dev.nova.server.ws.Connection.MAX_VIOLATIONS; i++) {
                c.sendText("{");
            }
            assertThat(c.nextClose(Duration.ofSeconds(10)).closeCode()).isEqualTo(CloseCode.PROTOCOL_VIOLATIONS.code());
            long cutBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Frame f;
            do {
                try {
                    c.sendText("{"); // never the close the server waits for
                } catch (IOException cut) {
                    return;
                }
                f = c.next(Duration.ofMillis(100));
            } while (f != RawSocketClient.EOF && System.nanoTime() < cutBy);
            assertThat(f).as("the connection was cut").isSameAs(RawSocketClient.EOF);
        }
    }

    /** Reads until every ping is answered, or a close (with a known code), within a deadline. */
    private static void verdict(RawSocketClient c, List<String> sent, Set<String> stalled, Set<String> badCodes)
            throws IOException {
        long pings = sent.stream().filter(Frames.ping()::equals).count() + 1;
        RawSocketClient.Answer a = c.awaitPongs(pings, Duration.ofSeconds(15),
                text -> assertThat(text).as("no Java on the wire").doesNotContain("Exception", "\tat "));
        if (a.closedWithAnUnknownCode()) {
            badCodes.add(a.closeCode() + " after " + sent);
        }
        if (!a.alive() && !a.closed()) {
            stalled.add(String.join(" | ", sent));
        }
    }
}
