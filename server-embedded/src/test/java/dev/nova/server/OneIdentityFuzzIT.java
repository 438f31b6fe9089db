package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RawSocketClient;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No deaf connections (issue 24): many connections of ONE person at once - what they share is what
 * can go wrong (the person's fan-out of thread and task updates, their read marks, the store) -
 * each sending a random mixture of the protocol's valid frames (every valid client vector), its
 * invalid ones and mutations of valid ones, then a ping. Every connection must answer all its pings
 * or be closed with a Nova close code; none may stay open and deaf. Batches of as many connections
 * as one person may have at once ({@code max_connections_per_identity}); {@code -Dnova.fuzz.batches=N}
 * (default 4 in CI) and {@code -Dnova.fuzz.seed=S} make it bigger or repeat a run by hand.
 */
class OneIdentityFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_IDENTITY = 32;

    @TempDir
    Path dir;
    TestServer server;
    String key;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        key = server.key("fuzzer");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The client vectors of shared-protocol: the valid frames (their client_id left out: they are this person's) and the invalid ones. */
    private static List<List<String>> vectors() throws IOException {
        Path dir = Path.of("../shared-protocol/src/test/resources/vectors/client");
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode doc = JSON.readTree(f.toFile());
                for (JsonNode v : doc.path("valid")) {
                    JsonNode frame = v.get("frame").deepCopy();
                    if (frame instanceof ObjectNode o) {
                        o.remove("client_id");
                        if ("auth".equals(o.path("type").asText())) {
                            continue; // a second auth is covered by the mutations; this one would name another key
                        }
                    }
                    valid.add(JSON.writeValueAsString(frame));
                }
                for (JsonNode v : doc.path("invalid")) {
                    // a frame as JSON, or (not JSON at all) as raw text
                    invalid.add(v.has("text") ? v.get("text").asText() : JSON.writeValueAsString(v.get("frame")));
                }
            }
        }
        assertThat(valid).as("the valid client vectors").hasSizeGreaterThan(40);
        return List.of(valid, invalid);
    }

    /** A valid frame broken one way or another: cut short, a character changed, a value of the wrong kind. */
    private static String mutate(String frame, Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> frame.substring(0, r.nextInt(Math.max(1, frame.length())));
            case 1 -> {
                char[] c = frame.toCharArray();
                c[r.nextInt(c.length)] = "{}[]\",:0a\\ ".charAt(r.nextInt(11));
                yield new String(c);
            }
            case 2 -> frame.replaceFirst("\"data\":\\{", "\"data\":{\"data\":[1,{\"x\":null}],");
            case 3 -> frame.replaceFirst(":\"([^\"]*)\"", ":" + r.nextInt(1000));
            default -> frame + frame;
        };
    }

    @Test
    void everyConnectionOfOnePersonAnswersItsPingOrIsClosedWithACode() throws Exception {
        List<List<String>> vectors = vectors();
        List<String> valid = vectors.get(0);
        List<String> invalid = vectors.get(1);
        int batches = Integer.getInteger("nova.fuzz.batches", 4);
        long seed = Long.getLong("nova.fuzz.seed", System.nanoTime());
        Set<String> deaf = ConcurrentHashMap.newKeySet();
        Set<String> badCodes = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(PER_IDENTITY);
        try {
            for (int b = 0; b < batches; b++) {
                List<Future<?>> runs = new ArrayList<>();
                for (int n = 0; n < PER_IDENTITY; n++) {
                    Random r = new Random(seed + b * 1000L + n);
                    runs.add(pool.submit(() -> {
                        connection(r, valid, invalid, deaf, badCodes);
                        return null;
                    }));
                }
                for (Future<?> f : runs) {
                    f.get(3, TimeUnit.MINUTES);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deaf).as("connections open but not answering their pings (seed " + seed + ")").isEmpty();
        assertThat(badCodes).as("closes with codes Nova does not use (seed " + seed + ")").isEmpty();
        // and the person can still come in and be served
        try (WsTestClient again = server.login("fuzzer", key)) {
            again.send(Frames.ping()).next(dev.nova.protocol.ServerMessage.Pong.class);
        }
    }

    private void connection(Random r, List<String> valid, List<String> invalid, Set<String> deaf, Set<String> badCodes)
            throws IOException {
        List<String> sent = new ArrayList<>();
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            c.sendText(Frames.auth(key));
            long pings = 0;
            int frames = 20 + r.nextInt(60);
            for (int i = 0; i < frames; i++) {
                int kind = r.nextInt(10);
                String f = kind < 6 ? valid.get(r.nextInt(valid.size()))
                        : kind < 8 ? invalid.get(r.nextInt(invalid.size()))
                        : mutate(valid.get(r.nextInt(valid.size())), r);
                if (kind < 6 && f.contains("\"type\":\"ping\"")) {
                    pings++;
                }
                sent.add(f.length() > 60 ? f.substring(0, 60) + "..." : f);
                c.sendText(f);
            }
            c.sendText(Frames.ping());
            pings++;
            // deaf is never answering, not slow: a generous wait
            RawSocketClient.Answer a = c.awaitPongs(pings, Duration.ofSeconds(30), text -> { });
            if (a.closedWithAnUnknownCode()) {
                badCodes.add(a.closeCode() + " after " + sent);
            }
            if (!a.alive() && !a.closed()) {
                deaf.add(a.pongs() + " of " + pings + " pongs after " + String.join(" | ", sent));
            }
        } catch (IOException e) {
            // the server closed mid-way and the socket write failed: closed, not deaf
        }
    }
}
