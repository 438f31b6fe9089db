package dev.nova.bench;

import com.sun.net.httpserver.HttpServer;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolCallStatus;
import dev.nova.server.NovaServer;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.identity.Role;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What one round of MCP tool calls adds to an answer: the same question asked in a thread without
 * tools (the model answers at once) and in a thread with {@code server-everything} (the model asks
 * for {@code echo}, Nova calls it over stdio, sends the result back, the model answers), through a
 * real Nova server, a real MCP server and a stand-in model server that answers instantly, all on
 * loopback. Per question: the time from sending {@code chat_message} to the stored answer; per
 * call: Nova's own measure of the MCP call ({@code duration_ms}); per model request: how long the
 * stand-in took. The added latency less the MCP call and the extra model request is Nova's share.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nova.bench.ToolRoundBench [questions] [mcp-server-everything]}
 */
public final class ToolRoundBench {
    private static final List<Long> upstreamNanos = java.util.Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int questions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path everything = Path.of(args.length > 1 ? args[1]
                : "server-embedded/src/test/mcp/node_modules/.bin/mcp-server-everything").toAbsolutePath();
        if (!Files.isExecutable(everything)) {
            throw new IllegalStateException(everything + " is not installed: (cd server-embedded/src/test/mcp && npm ci)");
        }
        HttpServer upstream = upstream();
        Path data = Files.createTempDirectory("nova-bench-tools");
        Files.writeString(data.resolve("mcp.json"), "{\"mcpServers\":{\"everything\":{\"command\":\"" + everything
                + "\",\"args\":[\"stdio\"]}}}");
        // questions back to back, faster than a person types: the local server's limits (no rate limit)
        ServerConfig base = ServerConfig.defaults().withPort(0).withDataDir(data)
                .withLimits(dev.nova.server.config.Limits.local());
        base = base.withTools(base.tools().withMcpConfig(data.resolve("mcp.json")));
        try (NovaServer nova = NovaServer.start(base.withLlm(base.llm().withBaseUrl(
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1"))))) {
            Client c = new Client(nova.port(), nova.keys().create("bench", Role.USER));
            c.awaitToolsConnected();
            c.send("{\"type\":\"tool_policy\",\"data\":{\"server\":\"everything\",\"tool\":\"echo\",\"policy\":\"allow\"}}");
            c.next(m -> m instanceof ServerMessage.Tools);
            c.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"with-tools\",\"settings\":{\"tools\":[\"everything\"]}}}");
            c.next(m -> m instanceof ServerMessage.ThreadUpdate);
            c.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"plain\",\"title\":\"plain\"}}");
            c.next(m -> m instanceof ServerMessage.ThreadUpdate);
            int warm = Math.max(20, questions / 5);
            c.ask("plain", warm, null);
            c.ask("with-tools", warm, null); // JIT, the MCP server's node warm-up: reported apart
            upstreamNanos.clear();
            long[] plain = c.ask("plain", questions, null);
            List<Long> plainUpstream = new ArrayList<>(upstreamNanos);
            upstreamNanos.clear();
            List<Long> calls = new ArrayList<>();
            long[] tools = c.ask("with-tools", questions, calls);
            List<Long> toolUpstream = new ArrayList<>(upstreamNanos);
            report("no tools", plain);
            report("1 round", tools);
            report("MCP call (duration_ms)", calls.stream().mapToLong(ms -> ms * 1_000_000).toArray());
            report("model request, no tools", plainUpstream.stream().mapToLong(Long::longValue).toArray());
            report("model requests, 1 round", toolUpstream.stream().mapToLong(Long::longValue).toArray());
            double added = median(tools) - median(plain);
            double call = median(calls.stream().mapToLong(ms -> ms * 1_000_000).toArray());
            double extraModel = median(toolUpstream.stream().mapToLong(Long::longValue).toArray());
            System.out.printf("added per round (p50): %.2f ms; of it the MCP call %.2f ms, the second model request"
                    + " %.2f ms; Nova's share %.2f ms%n", added / 1e6, call / 1e6, extraModel / 1e6,
                    (added - call - extraModel) / 1e6);
            c.close();
        } finally {
            upstream.stop(0);
        }
        System.exit(0);
    }

    /** A WebSocket client of one person: asks in a thread and waits for each stored answer. */
    private static final class Client {
        private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
        private final WebSocket ws;
        private ServerMessage last;

        Client(int port, String key) throws Exception {
            StringBuilder partial = new StringBuilder();
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                            partial.append(text);
                            if (last) {
                                Envelope<ServerMessage> e = ProtocolCodec.forClient().decode(partial.toString());
                                partial.setLength(0);
                                inbox.add(e.data());
                            }
                            w.request(1);
                            return null;
                        }
                    }).join();
            send("{\"type\":\"auth\",\"data\":{\"api_key\":\"" + key + "\"}}");
            next(m -> m instanceof ServerMessage.ConnectionSuccess);
        }

        void send(String frame) {
            ws.sendText(frame, true).join();
        }

        ServerMessage next(Predicate<ServerMessage> wanted) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                ServerMessage m = inbox.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new IllegalStateException("nothing wanted came within 60 s; last: " + last);
                }
                last = m;
                if (wanted.test(m)) {
                    return m;
                }
            }
        }

        void awaitToolsConnected() throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until) {
                send("{\"type\":\"tools\",\"data\":{}}");
                ServerMessage.Tools t = (ServerMessage.Tools) next(m -> m instanceof ServerMessage.Tools);
                if (!t.servers().isEmpty() && t.servers().stream().allMatch(s -> s.state().equals("connected"))) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            throw new IllegalStateException("server-everything did not connect");
        }

        /** {@code n} questions one after another; each one's time to its stored answer. */
        long[] ask(String thread, int n, List<Long> callMillis) throws InterruptedException {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                send("{\"type\":\"chat_message\",\"data\":{\"content\":\"question " + i + "\",\"thread_id\":\"" + thread + "\"}}");
                while (true) {
                    ServerMessage m = next(x -> x instanceof ServerMessage.ChatMessage c && Boolean.TRUE.equals(c.isFinal())
                            || x instanceof ServerMessage.ToolCall);
                    if (m instanceof ServerMessage.ToolCall call) {
                        if (call.call().status() == ToolCallStatus.SUCCEEDED && callMillis != null) {
                            callMillis.add(call.call().durationMs());
                        } else if (call.call().status() == ToolCallStatus.FAILED) {
                            throw new IllegalStateException("the echo call failed: " + call.call().error());
                        }
                        continue;
                    }
                    out[i] = System.nanoTime() - start;
                    break;
                }
            }
            return out;
        }

        void close() {
            ws.abort();
        }
    }

    /**
     * The model: a request offering tools and holding no tool result asks for {@code echo}; any
     * other is answered at once, in LM Studio's streaming format.
     */
    private static HttpServer upstream() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/v1/chat/completions", x -> {
            long arrived = System.nanoTime();
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean callTool = body.contains("\"tools\"") && !body.contains("\"role\":\"tool\"");
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                String events = callTool
                        ? chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                                + "\"type\":\"function\",\"function\":{\"name\":\"everything__echo\",\"arguments\":\"\"}}]}", null)
                          + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"message\\\":\\\"hi\\\"}\"}}]}",
                                null)
                          + chunk("{}", "tool_calls")
                        : chunk("{\"role\":\"assistant\",\"content\":\"Done.\"}", null) + chunk("{}", "stop");
                out.write((events + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
            upstreamNanos.add(System.nanoTime() - arrived);
        });
        server.start();
        return server;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }

    private static void report(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            System.out.printf("%-28s none%n", label);
            return;
        }
        System.out.printf("%-28s n=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n", label, sorted.length,
                q(sorted, 0.50), q(sorted, 0.90), q(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double q(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
