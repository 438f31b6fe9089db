package dev.nova.bench;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.store.HistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sidebar's requests against a real server holding a large history in a real SQLite file or a
 * real Redis: {@code threads} (list with unread counts) and {@code search} (a common word and a rare
 * one), timed from sending the frame to having the answer, over loopback; and what storing that
 * history cost (each append of the person's, Redis's memory).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nova.bench.SidebarBench [threads] [perThread] [channels]
 * [perChannel] [--redis redis://HOST:PORT]}
 */
public final class SidebarBench {
    private static final String[] WORDS = ("the a model token stream answer build cache agent task thread channel "
            + "latency prompt template release notes review merge queue board status search result error retry "
            + "window socket server client offset epoch history").split(" ");
    private static final ProtocolCodec<ServerMessage, ClientMessage> CODEC = ProtocolCodec.forClient();

    public static void main(String[] args) throws Exception {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(args));
        String redis = null;
        int at = a.indexOf("--redis");
        if (at >= 0) {
            redis = a.get(at + 1);
            a.subList(at, at + 2).clear();
        }
        int threads = a.size() > 0 ? Integer.parseInt(a.get(0)) : 200;
        int perThread = a.size() > 1 ? Integer.parseInt(a.get(1)) : 250;
        int channels = a.size() > 2 ? Integer.parseInt(a.get(2)) : 20;
        int perChannel = a.size() > 3 ? Integer.parseInt(a.get(3)) : 2500;
        Path data = Files.createTempDirectory("nova-bench-sidebar");
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(data);
        if (redis != null) {
            config = config.withRedis(new ServerConfig.Redis(redis, "bench" + System.nanoTime() + ":"));
        }
        long memoryBefore = redis == null ? 0 : RedisMemory.used(redis);
        try (NovaServer nova = NovaServer.start(config)) {
            HistoryStore history = nova.store().history();
            Random random = new Random(42);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            int n = 0;
            long t0 = System.nanoTime();
            long[] appendNs = new long[threads * perThread];
            for (int i = 0; i < perThread; i++) { // the threads interleaved, as a person's questions are
                for (int t = 0; t < threads; t++) {
                    long a0 = System.nanoTime();
                    history.append("@assistant/bench", new HistoryStore.NewMessage("t-" + t, i % 2 == 0 ? "bench" : "assistant",
                            sentence(random, n % 10_000 == 7), null, start.plusSeconds(n)));
                    appendNs[n++] = System.nanoTime() - a0;
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < perChannel; i++) {
                    history.append("team-" + c, new HistoryStore.NewMessage("team-" + c, "peer-" + (i % 7),
                            sentence(random, n++ % 10_000 == 7), null, start.plusSeconds(n)));
                }
            }
            Arrays.sort(appendNs);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("seeded %,d messages (%d threads x %d, %d channels x %d) in %.1f s on %s; %s%n", n,
                    threads, perThread, channels, perChannel, seconds, redis == null ? "SQLite" : "Redis",
                    redis == null ? String.format("db %,d KB", Files.size(data.resolve("nova.db")) / 1024)
                            : String.format("Redis used_memory +%,d KB", (RedisMemory.used(redis) - memoryBefore) / 1024));
            System.out.printf("append to the person's stream (%,d, one at a time): mean %.3f ms, p50 %.3f ms, p99 %.3f ms%n",
                    appendNs.length, Arrays.stream(appendNs).average().orElse(0) / 1e6, appendNs[appendNs.length / 2] / 1e6,
                    appendNs[appendNs.length * 99 / 100] / 1e6);
            String key = nova.keys().create("bench", Role.USER);
            BlockingQueue<Envelope<ServerMessage>> in = new LinkedBlockingQueue<>();
            WebSocket ws = connect(nova.port(), in);
            ws.sendText(CODEC.encode(Envelope.of(null, null, new ClientMessage.Auth(key))), true).join();
            await(in, ServerMessage.ConnectionSuccess.class);
            time("threads (list + unread)", ws, in, new ClientMessage.Threads(), ServerMessage.Threads.class, 10, 50);
            time("search, common word, 50 newest", ws, in, new ClientMessage.Search("cache", 50), ServerMessage.Search.class,
                    10, 50);
            time("search, rare word (full scan)", ws, in, new ClientMessage.Search("zanzibar", 50),
                    ServerMessage.Search.class, 5, 30);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        System.exit(0);
    }

    /** Redis's {@code used_memory}, read with {@code INFO memory}. */
    private static final class RedisMemory {
        static long used(String url) {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
            try (var c = client.connect()) {
                for (String line : c.sync().info("memory").split("\r?\n")) {
                    if (line.startsWith("used_memory:")) {
                        return Long.parseLong(line.substring("used_memory:".length()).trim());
                    }
                }
                return 0;
            } finally {
                client.shutdown();
            }
        }
    }

    private static String sentence(Random random, boolean rare) {
        StringBuilder b = new StringBuilder();
        int words = 8 + random.nextInt(30);
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return rare ? b.append(" zanzibar").toString() : b.toString();
    }

    private static WebSocket connect(int port, BlockingQueue<Envelope<ServerMessage>> in) {
        StringBuilder partial = new StringBuilder();
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                        partial.append(text);
                        if (last) {
                            in.add(CODEC.decode(partial.toString()));
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
    }

    private static <M extends ServerMessage> M await(BlockingQueue<Envelope<ServerMessage>> in, Class<M> type)
            throws InterruptedException {
        while (true) {
            Envelope<ServerMessage> e = in.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + type.getSimpleName() + " within 60 s");
            }
            if (type.isInstance(e.data())) {
                return type.cast(e.data());
            }
            if (e.data() instanceof ServerMessage.Error error) {
                throw new IllegalStateException("the server answered " + error);
            }
        }
    }

    private static void time(String what, WebSocket ws, BlockingQueue<Envelope<ServerMessage>> in, ClientMessage ask,
                             Class<? extends ServerMessage> answer, int warmup, int rounds) throws InterruptedException {
        String frame = CODEC.encode(Envelope.of(null, null, ask));
        long[] took = new long[rounds];
        ServerMessage last = null;
        for (int i = 0; i < warmup + rounds; i++) {
            long t0 = System.nanoTime();
            ws.sendText(frame, true).join();
            last = await(in, answer);
            if (i >= warmup) {
                took[i - warmup] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(took);
        String size = last instanceof ServerMessage.Threads t ? t.threads().size() + " threads, " + t.channels().size()
                + " channels" : last instanceof ServerMessage.Search s ? s.results().size() + " results" : "";
        System.out.printf("%-32s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms  (%s)%n", what, took[rounds / 2] / 1e6,
                took[rounds * 9 / 10] / 1e6, took[rounds - 1] / 1e6, size);
    }
}
