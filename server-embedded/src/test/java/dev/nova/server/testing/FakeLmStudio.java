package dev.nova.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free port that speaks LM Studio's OpenAI-compatible API byte for byte
 * ({@code ../shared/reference/lmstudio-stream.md}), each answer driven by a script: the exact
 * bytes to write, where to flush (so events split across TCP reads, or arrive several at once),
 * pauses, hangs and cuts. It records every request and notices when a client closes a stream.
 */
public final class FakeLmStudio implements AutoCloseable {
    public static final String MODEL = "google/gemma-4-e4b";
    public static final String NO_MODEL_BODY = "{\"error\":{\"message\":\"No models loaded. Please load a model in the"
            + " developer page or use the 'lms load' command.\",\"type\":\"invalid_request_error\",\"param\":\"model\","
            + "\"code\":null}}";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<Integer, CountDownLatch> closedByClient = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Script fallback;
    private final Map<String, Script> rules = new java.util.concurrent.ConcurrentSkipListMap<>();

    public record Request(int number, String method, String path, String body, String authorization) {}

    /** One step of a scripted answer. */
    public sealed interface Step {}

    record Bytes(byte[] bytes, boolean flush) implements Step {}

    record Pause(long millis) implements Step {}

    record Hang() implements Step {}

    record Repeat(int times, long pauseMillis, String event) implements Step {}

    /** What one request gets: a status, a content type and the steps that write its body. */
    public record Script(int status, String contentType, List<Step> steps) {
        public static Builder stream() {
            return new Builder(200, "text/event-stream");
        }

        public static Script error(int status, String body) {
            return new Builder(status, "application/json").raw(body).build();
        }

        public static Script hangBeforeHeaders() {
            return new Script(-1, null, List.of(new Hang()));
        }
    }

    public static final class Builder {
        private final int status;
        private final String type;
        private final List<Step> steps = new ArrayList<>();

        Builder(int status, String type) {
            this.status = status;
            this.type = type;
        }

        /** Writes and flushes these bytes as one TCP write. */
        public Builder raw(String text) {
            steps.add(new Bytes(text.getBytes(StandardCharsets.UTF_8), true));
            return this;
        }

        /** Writes and flushes raw bytes, e.g. half of a multi-byte character. */
        public Builder bytes(byte[] raw) {
            steps.add(new Bytes(raw, true));
            return this;
        }

        public Builder event(String json) {
            return raw("data: " + json + "\n\n");
        }

        /** A named event, as LM Studio's native {@code /api/v1/chat} stream sends them. */
        public Builder named(String event, String json) {
            return raw("event: " + event + "\ndata: " + json + "\n\n");
        }

        public Builder content(String text) {
            return event(delta("{\"content\":" + quote(text) + "}"));
        }

        public Builder firstContent(String text) {
            return event(delta("{\"role\":\"assistant\",\"content\":" + quote(text) + "}"));
        }

        /**
         * The first piece of a tool call, as LM Studio streams them (the OpenAI format): its index,
         * id, type and function name, with no arguments yet.
         */
        public Builder toolCall(int index, String id, String name) {
            return event(delta("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":" + index
                    + ",\"id\":" + quote(id) + ",\"type\":\"function\",\"function\":{\"name\":" + quote(name)
                    + ",\"arguments\":\"\"}}]}"));
        }

        /** A piece of a tool call's arguments (JSON text, cut anywhere). */
        public Builder toolArguments(int index, String piece) {
            return event(delta("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":"
                    + quote(piece) + "}}]}"));
        }

        public Builder reasoning(String text) {
            return event(delta("{\"reasoning_content\":" + quote(text) + "}"));
        }

        public Builder finish(String reason) {
            return event(chunk("{}", "\"" + reason + "\""));
        }

        public Builder usage(int prompt, int completion) {
            return event("{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1737376496,\"model\":\""
                    + MODEL + "\",\"system_fingerprint\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                    + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                    + ",\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
        }

        public Builder done() {
            return raw("data: [DONE]\n\n");
        }

        public Builder pause(long millis) {
            steps.add(new Pause(millis));
            return this;
        }

        /** Sends {@code times} content events of {@code text}, {@code pauseMillis} apart. */
        public Builder repeat(int times, long pauseMillis, String text) {
            steps.add(new Repeat(times, pauseMillis, "data: " + delta("{\"content\":" + quote(text) + "}") + "\n\n"));
            return this;
        }

        /** Keeps the response open and silent until the server closes. */
        public Builder hang() {
            steps.add(new Hang());
            return this;
        }

        public Script build() {
            return new Script(status, type, List.copyOf(steps));
        }

        /** A normal answer: the pieces, then finish, usage and [DONE], as LM Studio 0.4 sends them. */
        public Script answer(String... pieces) {
            for (int i = 0; i < pieces.length; i++) {
                if (i == 0) {
                    firstContent(pieces[i]);
                } else {
                    content(pieces[i]);
                }
            }
            return finish("stop").usage(22, pieces.length).done().build();
        }
    }

    public static String delta(String delta) {
        return chunk(delta, "null");
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1737376496,\"model\":\"" + MODEL
                + "\",\"system_fingerprint\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public FakeLmStudio() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(pool);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::completions);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The next request gets this script (scripts are used in order). */
    public FakeLmStudio enqueue(Script script) {
        scripts.add(script);
        return this;
    }

    /** Every request whose body contains {@code text} gets this script (checked before the queue). */
    public FakeLmStudio when(String text, Script script) {
        rules.put(text, script);
        return this;
    }

    /** Every request that finds no queued script gets this one. */
    public FakeLmStudio always(Script script) {
        fallback = script;
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    /** Waits until the client closed request {@code number} (1-based) while it was still streaming. */
    public boolean awaitClosedByClient(int number, long timeoutMillis) throws InterruptedException {
        return latch(number).await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private CountDownLatch latch(int number) {
        return closedByClient.computeIfAbsent(number, n -> new CountDownLatch(1));
    }

    private volatile List<String> models = List.of(MODEL, "text-embedding-nomic-embed-text-v1.5");

    /**
     * Serves {@code json} at {@code path} from now on, as the model server's native APIs do:
     * LM Studio's {@code /api/v1/models} and {@code /api/v0/models/{model}}, llama.cpp's {@code /props}.
     */
    public FakeLmStudio serve(String path, String json) {
        return serve(path, 200, json);
    }

    /** {@link #serve(String, String)} with this status (a server still loading answers 503); replaces what {@code path} served. */
    public FakeLmStudio serve(String path, int status, String json) {
        replace(path, x -> { // not in requests(): those are the chat and model-list calls
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        return this;
    }

    /**
     * Every request to {@code path} (LM Studio's native {@code /api/v1/chat},
     * {@code /api/v1/models/unload}) is recorded in {@link #requests()} and answered by {@code script}.
     */
    public FakeLmStudio route(String path, Script script) {
        replace(path, x -> {
            record(x, new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                play(x, script);
            } catch (IOException gone) {
                // the client went away mid-stream (a load's stream is dropped once the model is in)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                x.close();
            }
        });
        return this;
    }

    /** {@code path} is answered by {@code handler} from now on, instead of what answered it before. */
    private void replace(String path, com.sun.net.httpserver.HttpHandler handler) {
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException notServedYet) {
            // first time
        }
        server.createContext(path, handler);
    }

    /** What {@code /v1/models} lists from now on (by default the chat model and an embedding model). */
    public FakeLmStudio withModels(String... ids) {
        models = List.of(ids);
        return this;
    }

    private void models(HttpExchange x) throws IOException {
        record(x, "");
        StringBuilder data = new StringBuilder();
        for (String id : models) {
            data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"object\":\"model\",\"owned_by\":\"organization_owner\"}");
        }
        byte[] body = ("{\"object\":\"list\",\"data\":[" + data + "]}").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private void completions(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int number = record(x, body);
        Script script = rules.entrySet().stream().filter(r -> body.contains(r.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (script == null) {
            script = scripts.poll();
        }
        if (script == null) {
            script = fallback;
        }
        if (script == null) {
            script = Script.error(500, "{\"error\":\"no script for this request\"}");
        }
        try {
            play(x, script);
        } catch (IOException e) {
            latch(number).countDown(); // the client went away mid-stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }

    private void play(HttpExchange x, Script script) throws IOException, InterruptedException {
        if (script.status() < 0) {
            release.await();
            return;
        }
        x.getResponseHeaders().add("Content-Type", script.contentType());
        x.sendResponseHeaders(script.status(), 0);
        OutputStream out = x.getResponseBody();
        for (Step step : script.steps()) {
            if (step instanceof Bytes b) {
                out.write(b.bytes());
                if (b.flush()) {
                    out.flush();
                }
            } else if (step instanceof Pause p) {
                TimeUnit.MILLISECONDS.sleep(p.millis());
            } else if (step instanceof Repeat r) {
                for (int i = 0; i < r.times(); i++) {
                    out.write(r.event().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(r.pauseMillis());
                }
            } else if (step instanceof Hang) {
                release.await();
            }
        }
        out.close();
    }

    private int record(HttpExchange x, String body) {
        synchronized (requests) {
            int number = requests.size() + 1;
            requests.add(new Request(number, x.getRequestMethod(), x.getRequestURI().getPath(), body,
                    x.getRequestHeaders().getFirst("Authorization")));
            return number;
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
