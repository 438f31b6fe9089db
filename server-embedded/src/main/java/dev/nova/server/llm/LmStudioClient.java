package dev.nova.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.protocol.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
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
    static final ObjectMapper JSON = new ObjectMapper();

    private final LlmSettings settings;
    private final HttpClient http;
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
        HttpRequest request = request("chat/completions")
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(model, messages)))
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

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.baseUrl().resolve(path));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            b.header("Authorization", "Bearer " + settings.apiKey());
        }
        return b;
    }

    private String body(String model, List<ChatTurn> messages) {
        ObjectNode root = JSON.createObjectNode();
        String chosen = model != null ? model : settings.model();
        if (chosen != null) {
            root.put("model", chosen);
        }
        ArrayNode list = root.putArray("messages");
        for (ChatTurn t : messages) {
            list.addObject().put("role", t.role()).put("content", t.content());
        }
        if (settings.temperature() != null) {
            root.put("temperature", settings.temperature());
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
