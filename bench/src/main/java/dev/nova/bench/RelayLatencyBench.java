package dev.nova.bench;

import com.sun.net.httpserver.HttpServer;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Relay cost of a streamed answer: from the moment an upstream server writes an SSE line to the
 * moment a WebSocket client has the {@code llm_chunk} frame for it, through a real Nova server
 * (HTTP client, SSE parsing, relay, outbox, Jetty) on loopback. Each chunk carries the
 * {@code System.nanoTime()} of its write; server, Nova and client share one JVM and clock.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nova.bench.RelayLatencyBench [streams] [tokens] [tokens/s]}
 */
public final class RelayLatencyBench {
    public static void main(String[] args) throws Exception {
        // The stand-in upstream must not hold small writes back (Nagle), or it measures itself.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        HttpServer upstream = upstream(tokens, rate);
        Path data = Files.createTempDirectory("nova-bench");
        ServerConfig base = ServerConfig.defaults().withPort(0).withDataDir(data);
        try (NovaServer nova = NovaServer.start(base.withLlm(base.llm().withBaseUrl(
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1"))))) {
            String key = nova.keys().create("bench", Role.USER);
            long[] warm = run(nova.port(), key, 3, tokens); // JIT warm-up, reported apart
            long[] all = run(nova.port(), key, streams, tokens);
            report("warm-up", warm);
            report("measured", all);
        } finally {
            upstream.stop(0);
        }
        System.exit(0);
    }

    private static long[] run(int port, String key, int streams, int tokens) throws Exception {
        long[] latencies = new long[streams * tokens];
        int[] n = {0};
        for (int s = 0; s < streams; s++) {
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Void> authed = new CompletableFuture<>();
            StringBuilder partial = new StringBuilder();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            long now = System.nanoTime();
                            partial.append(data);
                            if (last) {
                                Envelope<ServerMessage> e = ProtocolCodec.forClient().decode(partial.toString());
                                partial.setLength(0);
                                if (e.data() instanceof ServerMessage.ConnectionSuccess) {
                                    authed.complete(null);
                                } else if (e.data() instanceof ServerMessage.LlmChunk c) {
                                    for (String t : c.chunk().split(";")) {
                                        if (!t.isEmpty() && n[0] < latencies.length) {
                                            latencies[n[0]++] = now - Long.parseLong(t);
                                        }
                                    }
                                    if (c.isFinal()) {
                                        done.countDown();
                                    }
                                }
                            }
                            w.request(1);
                            return null;
                        }
                    }).join();
            ws.sendText("{\"type\":\"auth\",\"data\":{\"api_key\":\"" + key + "\"}}", true).join();
            authed.get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"llm_request\",\"data\":{\"content\":\"go\",\"template\":\"chat\",\"metadata\":{}}}",
                    true).join();
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("stream did not finish");
            }
            ws.abort();
        }
        return Arrays.copyOf(latencies, n[0]);
    }

    /** An upstream speaking LM Studio's format; each content piece is the nanoTime of its write. */
    private static HttpServer upstream(int tokens, int rate) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/v1/chat/completions", x -> {
            x.getRequestBody().readAllBytes();
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            long gap = 1_000_000_000L / rate;
            try (OutputStream out = x.getResponseBody()) {
                long next = System.nanoTime();
                for (int i = 0; i < tokens; i++) {
                    for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    next += gap;
                    String line = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":"
                            + "[{\"index\":0,\"delta\":{\"content\":\"" + System.nanoTime() + ";\"},\"finish_reason\":null}]}\n\n";
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static void report(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-9s chunks=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  p99.9=%.3f ms  max=%.3f ms%n", label,
                sorted.length, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
