package dev.nova.server.llm;

import dev.nova.server.config.LlmSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.protocol.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * LM Studio's OpenAI-compatible API ({@code POST /chat/completions} with {@code stream: true},
 * {@code GET /models}) over {@code java.net.http}. Streams never hold a thread while they wait:
 * lines arrive through a subscriber, timeouts through a shared timer. Closing the HTTP exchange
 * is how a generation is stopped upstream.
 */
public final class LmStudioClient implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LmStudioClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final LlmSettings settings;
    private final HttpClient http;

    HttpClient http() {
        return http;
    }
    private final ScheduledExecutorService timers;
    private final ExecutorService afterwards = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nova-llm-after");
        t.setDaemon(true);
        return t;
    });

    public LmStudioClient(LlmSettings settings) {
        this.settings = settings;
        // Stream callbacks run on the HTTP client's own I/O thread: a chunk reaches the client's
        // outbox without a thread hand-off (p99 relay latency 1.1 ms -> 0.7 ms, docs/BENCHMARKS.md).
        // Nothing on that path blocks; work that may block goes to afterwards().
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nova-llm-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** For work after an answer that may block (storing it): never the HTTP client's I/O thread. */
    public Executor afterwards() {
        return afterwards;
    }

    public LlmSettings settings() {
        return settings;
    }

    /**
     * Starts streaming an answer. {@code model} may be null (LM Studio then uses the loaded model).
     * The events arrive on the HTTP client's threads; the returned handle stops the generation.
     */
    public Generation stream(String model, List<ChatTurn> messages, StreamEvents events) {
        return stream(model, null, messages, events);
    }

    /** {@link #stream(String, List, StreamEvents)} at {@code temperature} (null: the settings'). */
    public Generation stream(String model, Double temperature, List<ChatTurn> messages, StreamEvents events) {
        return stream(model, temperature, messages, List.of(), events);
    }

    /** {@link #stream(String, Double, List, StreamEvents)} offering the model {@code tools}. */
    public Generation stream(String model, Double temperature, List<ChatTurn> messages, List<ToolSpec> tools,
                             StreamEvents events) {
        HttpRequest request = request("chat/completions")
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(model, temperature, messages, tools)))
                .build();
        Generation g = new Generation(settings, events, timers);
        g.attach(http.sendAsync(request, g.bodyHandler()));
        return g;
    }

    /** The ids of the models LM Studio lists (embedding models included, as it lists them). */
    public CompletableFuture<List<String>> models(Duration timeout) {
        HttpRequest request = request("models").timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new LlmException(ErrorCode.LLM_ERROR, Generation.errorMessage(r.statusCode(), r.body()));
                    }
                    try {
                        List<String> ids = new ArrayList<>();
                        JSON.readTree(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
                        return ids;
                    } catch (IOException e) {
                        throw new LlmException(ErrorCode.LLM_ERROR, "LM Studio's model list is not valid JSON");
                    }
                })
                .exceptionally(x -> {
                    throw translate(x, settings);
                });
    }

    /**
     * What the model server said of a model, and when: its context length (-1: not known) and
     * whether it was trained for tool use (null: not known).
     */
    private record Facts(long contextLength, Boolean toolUse, long readAt) {}

    /** Facts by model (empty key: whichever is loaded). */
    private final java.util.concurrent.ConcurrentHashMap<String, Facts> facts = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long FACTS_TTL_NANOS = Duration.ofSeconds(60).toNanos();

    /**
     * How many tokens {@code model}'s context holds (null: the model that answers by default), or
     * -1 when the server does not say. Asked, in this order: LM Studio 0.4+'s {@code GET
     * /api/v1/models} (the loaded instance's {@code config.context_length}, else the model's
     * {@code max_context_length}), LM Studio 0.3.6+'s {@code GET /api/v0/models/{model}}
     * ({@code max_context_length}), llama.cpp's {@code GET /props}
     * ({@code default_generation_settings.n_ctx}), else the {@code llm_context_length} setting.
     * Remembered for a minute, an unknown answer too.
     * Blocks up to a few seconds the first time.
     */
    public long contextLength(String model) {
        Facts f = facts(model);
        return f == null ? -1 : f.contextLength();
    }

    /**
     * Whether LM Studio says {@code model} was trained for tool use ({@code capabilities.trained_for_tool_use}
     * of {@code /api/v1/models}, {@code capabilities} of {@code /api/v0}); null when the server does
     * not say. Read and remembered with {@link #contextLength}.
     */
    public Boolean trainedForToolUse(String model) {
        Facts f = facts(model);
        return f == null ? null : f.toolUse();
    }

    /** The model's facts, read at most once a minute; null while the server is not reachable. */
    private Facts facts(String model) {
        String chosen = model != null ? model : settings.model();
        String key = chosen == null ? "" : chosen;
        Facts known = facts.get(key);
        if (known != null && System.nanoTime() - known.readAt() < FACTS_TTL_NANOS) {
            return known;
        }
        long found = -1;
        Boolean toolUse = null;
        try {
            V1Entry v1 = fromV1(chosen);
            if (v1 != null) {
                found = v1.context();
                JsonNode trained = v1.model().path("capabilities").path("trained_for_tool_use");
                toolUse = trained.isBoolean() ? trained.asBoolean() : null;
            }
            if (found < 0 && chosen != null) {
                JsonNode v0 = getJson(origin("/api/v0/models/" + java.net.URLEncoder.encode(chosen, StandardCharsets.UTF_8)
                        .replace("+", "%20").replace("%2F", "/"))); // a key like publisher/model keeps its slash
                found = v0 == null ? -1 : v0.path("max_context_length").asLong(-1);
                if (v0 != null && toolUse == null && v0.path("capabilities").isArray()) {
                    toolUse = false;
                    for (JsonNode cap : v0.path("capabilities")) {
                        toolUse |= "tool_use".equals(cap.asText());
                    }
                }
            }
            if (found < 0) {
                JsonNode props = getJson(origin("/props"));
                found = props == null ? -1 : props.path("default_generation_settings").path("n_ctx").asLong(-1);
            }
        } catch (java.io.UncheckedIOException e) {
            // not reachable now: not remembered, so the next question asks again (the server may be starting)
            log.debug("facts of {} not read: {}", key.isEmpty() ? "the default model" : key, e.getCause().toString());
            return null;
        } catch (RuntimeException e) {
            found = -1;
        }
        if (found <= 0 && settings.contextLength() != null) {
            found = settings.contextLength(); // the server did not say: the operator's setting
        }
        Facts read = new Facts(found > 0 ? found : -1, toolUse, System.nanoTime());
        facts.put(key, read);
        return read;
    }

    /** A model in LM Studio 0.4+'s list, and its context: what it was loaded with, else the most it supports. */
    private record V1Entry(JsonNode model, long context) {}

    /** LM Studio 0.4+'s entry for {@code model} (null: the loaded one); null when there is no such list or model. */
    private V1Entry fromV1(String model) {
        JsonNode v1 = getJson(origin("/api/v1/models"));
        if (v1 == null) {
            return null;
        }
        for (JsonNode m : v1.path("models")) {
            boolean loaded = m.path("loaded_instances").size() > 0;
            if (model == null ? loaded : model.equals(m.path("key").asText()) || instanceNamed(m, model)) {
                long context = m.path("max_context_length").asLong(-1);
                for (JsonNode i : m.path("loaded_instances")) {
                    long n = i.path("config").path("context_length").asLong(-1);
                    if (n > 0) {
                        context = n;
                        break;
                    }
                }
                return new V1Entry(m, context);
            }
        }
        return null;
    }

    private static boolean instanceNamed(JsonNode model, String id) {
        for (JsonNode i : model.path("loaded_instances")) {
            if (id.equals(i.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code path} on the model server's origin (its native APIs live beside {@code /v1}). */
    URI origin(String path) {
        URI base = settings.baseUrl();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    /**
     * The JSON at {@code uri}, or null when it is not there (404, not JSON); not reachable, or a
     * server error (busy, loading): the lookup stops and is not remembered.
     */
    JsonNode getJson(URI uri) {
        try {
            HttpRequest request = authorized(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(3)).GET().build();
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException once) {
                if (once instanceof java.net.http.HttpTimeoutException || once instanceof ConnectException) {
                    throw once;
                }
                // a kept-alive connection the server had closed: once more, on a new one
                r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            if (r.statusCode() >= 500) { // busy or still loading (llama.cpp answers 503 then): ask again later
                throw new java.io.UncheckedIOException(new IOException(uri.getPath() + " answered " + r.statusCode()));
            }
            if (r.statusCode() != 200) {
                return null;
            }
            try {
                return JSON.readTree(r.body());
            } catch (IOException notJson) {
                return null;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not reachable: no point asking the other endpoints
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(settings.baseUrl().resolve(path)));
    }

    /** With the model server's bearer token, when it needs one. */
    HttpRequest.Builder authorized(HttpRequest.Builder b) {
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            b.header("Authorization", "Bearer " + settings.apiKey());
        }
        return b;
    }

    private String body(String model, Double temperature, List<ChatTurn> messages, List<ToolSpec> tools) {
        ObjectNode root = JSON.createObjectNode();
        String chosen = model != null ? model : settings.model();
        if (chosen != null) {
            root.put("model", chosen);
        }
        ArrayNode list = root.putArray("messages");
        for (ChatTurn t : messages) {
            ObjectNode m = list.addObject().put("role", t.role()).put("content", t.content());
            if (!t.toolCalls().isEmpty()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (ModelToolCall c : t.toolCalls()) {
                    ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                }
            }
            if (t.toolCallId() != null) {
                m.put("tool_call_id", t.toolCallId());
            }
        }
        if (!tools.isEmpty()) {
            ArrayNode offered = root.putArray("tools");
            for (ToolSpec tool : tools) {
                ObjectNode f = offered.addObject().put("type", "function").putObject("function");
                f.put("name", tool.name());
                if (tool.description() != null) {
                    f.put("description", tool.description());
                }
                f.set("parameters", JSON.valueToTree(tool.parameters()));
            }
        }
        Double t = temperature != null ? temperature : settings.temperature();
        if (t != null) {
            root.put("temperature", t);
        }
        root.put("max_tokens", settings.maxTokens() != null && settings.maxTokens() > 0 ? settings.maxTokens() : -1);
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        return root.toString();
    }

    /** A failure of an exchange, as a protocol error a person can act on. */
    static LlmException translate(Throwable x, LlmSettings settings) {
        Throwable cause = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
        if (cause instanceof LlmException e) {
            return e;
        }
        if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
            return new LlmException(ErrorCode.LLM_UNAVAILABLE, "LM Studio is not reachable at "
                    + settings.displayUrl() + " - start its local server (Developer tab, or `lms server start`)");
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return new LlmException(ErrorCode.LLM_ERROR, "LM Studio did not answer in time");
        }
        return new LlmException(ErrorCode.LLM_ERROR, "the connection to LM Studio failed: " + cause.getMessage());
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        afterwards.shutdown();
    }
}
