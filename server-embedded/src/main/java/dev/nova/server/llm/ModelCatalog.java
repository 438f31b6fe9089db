package dev.nova.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.protocol.ServerMessage.ModelStatus;
import dev.nova.protocol.ServerMessage.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The model server's models, and loading and unloading them. LM Studio 0.4+ is asked through its
 * native {@code /api/v1} (every downloaded model with its size, quantization, context and loaded
 * instances; a load through its chat stream, which reports the load's progress; unload by
 * instance), LM Studio 0.3.6+ through {@code /api/v0} (models with their state; a model loads when
 * first asked, so a load is a one-token request), any other server through the OpenAI-compatible
 * {@code /v1/models} (the ids it serves, nothing to load). Blocking: call off the I/O threads.
 */
public final class ModelCatalog {
    /** How LM Studio's native API is called in {@link Models#api()}; an OpenAI-compatible server is {@code openai}. */
    public static final String LMSTUDIO = "lmstudio";
    public static final String OPENAI = "openai";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Progress reports closer than this are not all sent (a load reports hundreds of steps). */
    private static final double PROGRESS_STEP = 0.01;

    private final LmStudioClient client;

    public ModelCatalog(LmStudioClient client) {
        this.client = client;
    }

    /** Every model the model server has, by the richest API it speaks. */
    public Models list() {
        try {
            JsonNode v1 = client.getJson(client.origin("/api/v1/models"));
            if (v1 != null && v1.path("models").isArray()) {
                List<ModelInfo> models = new ArrayList<>();
                v1.path("models").forEach(m -> models.add(fromV1(m)));
                return new Models(LMSTUDIO, true, true, models, null);
            }
            JsonNode v0 = client.getJson(client.origin("/api/v0/models"));
            if (v0 != null && v0.path("data").isArray()) {
                List<ModelInfo> models = new ArrayList<>();
                v0.path("data").forEach(m -> models.add(fromV0(m)));
                return new Models(LMSTUDIO, true, false, models, null); // 0.3.x loads on first use; it has no unload
            }
            JsonNode openai = client.getJson(client.settings().baseUrl().resolve("models"));
            List<ModelInfo> models = new ArrayList<>();
            if (openai != null) {
                // llama.cpp: a "meta" block per model; older ones say the context they run with only in /props
                boolean llamaCpp = false;
                for (JsonNode m : openai.path("data")) {
                    llamaCpp |= m.has("meta");
                }
                JsonNode props = llamaCpp && !openai.path("data").path(0).path("meta").has("n_ctx")
                        ? client.getJson(client.origin("/props")) : null;
                openai.path("data").forEach(m -> models.add(fromOpenAi(m, props)));
            }
            return new Models(OPENAI, false, false, models,
                    openai == null ? "the model server at " + client.settings().displayUrl() + " lists no models" : null);
        } catch (UncheckedIOException e) {
            return new Models(OPENAI, false, false, List.of(),
                    LmStudioClient.translate(e.getCause(), client.settings()).getMessage());
        }
    }

    static ModelInfo fromV1(JsonNode m) {
        JsonNode instances = m.path("loaded_instances");
        Long context = null;
        for (JsonNode i : instances) {
            long n = i.path("config").path("context_length").asLong(-1);
            if (n > 0) {
                context = n;
                break;
            }
        }
        JsonNode caps = m.path("capabilities");
        return new ModelInfo(m.path("key").asText(), text(m, "display_name"), text(m, "type"),
                instances.size() > 0 ? ModelState.LOADED : ModelState.NOT_LOADED,
                number(m, "size_bytes"), text(m.path("quantization"), "name"), text(m, "params_string"),
                number(m, "max_context_length"), context,
                caps.has("vision") ? caps.path("vision").asBoolean() : null,
                caps.has("trained_for_tool_use") ? caps.path("trained_for_tool_use").asBoolean() : null);
    }

    private static final java.util.regex.Pattern QUANTIZATION = java.util.regex.Pattern.compile(
            "(?i)(?:^|[^a-z0-9])((?:I?Q[1-8](?:_[A-Z0-9]+)*)|F16|BF16|F32)(?=$|[^a-z0-9])");

    /**
     * A model of an OpenAI-compatible server: its id, and what llama.cpp tells of it - the
     * {@code meta} block of {@code /v1/models} (size, parameters, the context it was trained for)
     * and {@code /props} (the context it was started with); the quantization from the file's name.
     */
    static ModelInfo fromOpenAi(JsonNode m, JsonNode props) {
        String id = m.path("id").asText();
        JsonNode meta = m.path("meta");
        if (meta.isMissingNode() || !meta.isObject()) {
            return ModelInfo.of(id);
        }
        Long loaded = positive(meta.path("n_ctx")); // newer llama.cpp says it here, older ones in /props
        if (loaded == null && props != null) {
            loaded = positive(props.path("default_generation_settings").path("n_ctx"));
        }
        String quantization = meta.hasNonNull("ftype") && !meta.path("ftype").asText().isBlank()
                ? meta.path("ftype").asText() : null;
        if (quantization == null) {
            String file = props != null && props.hasNonNull("model_path") ? props.path("model_path").asText() : id;
            file = file.replace('\\', '/');
            java.util.regex.Matcher q = QUANTIZATION.matcher(file.substring(file.lastIndexOf('/') + 1));
            quantization = q.find() ? q.group(1).toUpperCase(java.util.Locale.ROOT) : null;
        }
        return new ModelInfo(id, null, "llm", ModelState.LOADED, positive(meta.path("size")), quantization,
                params(positive(meta.path("n_params"))), positive(meta.path("n_ctx_train")), loaded, null, null);
    }

    private static Long positive(JsonNode n) {
        return n.isNumber() && n.asLong() > 0 ? n.asLong() : null;
    }

    /** "270M", "1.2B", "8B": parameters as model pages write them. */
    static String params(Long n) {
        if (n == null) {
            return null;
        }
        if (n >= 995_000_000L) { // 999,885,952 is a "1B" model
            double b = n / 1e9;
            return (b >= 10 ? String.valueOf(Math.round(b)) : String.format(java.util.Locale.ROOT, "%.1f", b)
                    .replace(".0", "")) + "B";
        }
        return Math.max(1, Math.round(n / 1e6)) + "M";
    }

    static ModelInfo fromV0(JsonNode m) {
        return new ModelInfo(m.path("id").asText(), null, text(m, "type"),
                "loaded".equals(m.path("state").asText()) ? ModelState.LOADED : ModelState.NOT_LOADED,
                null, text(m, "quantization"), null, number(m, "max_context_length"), null,
                "vlm".equals(m.path("type").asText()) ? Boolean.TRUE : null, null);
    }

    /**
     * Loads {@code model}, telling {@code progress} as it goes: {@code loading} (with the fraction
     * done when the model server reports it), then {@code loaded} or {@code failed}. Returns when
     * the load is over.
     */
    public void load(String model, Consumer<ModelStatus> progress) {
        Models known = list();
        if (!known.canLoad()) {
            progress.accept(failed(model, known.error() != null ? known.error()
                    : "this model server (" + client.settings().displayUrl() + ") loads its models itself"));
            return;
        }
        progress.accept(new ModelStatus(model, ModelState.LOADING, 0.0, null, null));
        long started = System.nanoTime();
        try {
            if (known.canUnload()) {
                loadByChatStream(model, progress, started);
            } else {
                loadByFirstUse(model, progress, started);
            }
        } catch (IOException e) {
            progress.accept(failed(model, LmStudioClient.translate(e, client.settings()).getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.accept(failed(model, "the load was interrupted"));
        }
    }

    /**
     * LM Studio 0.4+: a one-token, unstored chat whose event stream reports the load
     * ({@code model_load.start}, {@code .progress}, {@code .end}); the stream is dropped once the
     * model is loaded (or once it is clear it already was).
     */
    private void loadByChatStream(String model, Consumer<ModelStatus> progress, long started)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("input", "Hi").put("stream", true)
                .put("max_output_tokens", 1).put("store", false);
        HttpRequest request = client.authorized(HttpRequest.newBuilder(client.origin("/api/v1/chat")))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .timeout(client.settings().firstByteTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<Stream<String>> r = client.http().send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                progress.accept(failed(model, Generation.errorMessage(r.statusCode(),
                        String.join("\n", (Iterable<String>) lines::iterator))));
                return;
            }
            double reported = 0;
            String event = null;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                    continue;
                }
                if (!line.startsWith("data:") || event == null) {
                    continue;
                }
                JsonNode data = parse(line.substring(5));
                switch (event) {
                    case "chat.start", "model_load.start" -> { }
                    case "model_load.progress" -> {
                        double p = Math.max(0, Math.min(1, data.path("progress").asDouble()));
                        if (p - reported >= PROGRESS_STEP) {
                            reported = p;
                            progress.accept(new ModelStatus(model, ModelState.LOADING, p, null, null));
                        }
                    }
                    case "model_load.end" -> {
                        progress.accept(loaded(model, data.path("load_time_seconds").isNumber()
                                ? data.path("load_time_seconds").asDouble() : seconds(started)));
                        return;
                    }
                    case "error" -> {
                        String why = data.path("error").path("message").asText("");
                        progress.accept(failed(model, why.isEmpty() ? "LM Studio could not load the model" : why));
                        return;
                    }
                    default -> { // prompt processing or the answer: it was loaded already
                        progress.accept(loaded(model, seconds(started)));
                        return;
                    }
                }
            }
            progress.accept(loaded(model, seconds(started))); // the stream ended without a load: it was there
        }
    }

    /** LM Studio 0.3.x loads a model when it is first asked: a one-token request loads it. */
    private void loadByFirstUse(String model, Consumer<ModelStatus> progress, long started)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 1).put("stream", false);
        body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
        HttpRequest request = client.request("chat/completions").header("Content-Type", "application/json")
                .timeout(client.settings().firstByteTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> r = client.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        progress.accept(r.statusCode() == 200 ? loaded(model, seconds(started))
                : failed(model, Generation.errorMessage(r.statusCode(), r.body())));
    }

    /** Unloads every loaded instance of {@code model} (LM Studio 0.4+); says how it ended. */
    public ModelStatus unload(String model) {
        try {
            JsonNode v1 = client.getJson(client.origin("/api/v1/models"));
            if (v1 == null || !v1.path("models").isArray()) {
                return failed(model, "this model server cannot unload models (LM Studio 0.4 or later can)");
            }
            List<String> instances = new ArrayList<>();
            for (JsonNode m : v1.path("models")) {
                for (JsonNode i : m.path("loaded_instances")) {
                    if (model.equals(m.path("key").asText()) || model.equals(i.path("id").asText())) {
                        instances.add(i.path("id").asText());
                    }
                }
            }
            if (instances.isEmpty()) {
                return new ModelStatus(model, ModelState.NOT_LOADED, null, null, null);
            }
            for (String id : instances) {
                HttpRequest request = client.authorized(HttpRequest.newBuilder(client.origin("/api/v1/models/unload")))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("instance_id", id).toString()))
                        .build();
                HttpResponse<String> r = client.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() != 200) {
                    return failed(model, Generation.errorMessage(r.statusCode(), r.body()));
                }
            }
            return new ModelStatus(model, ModelState.NOT_LOADED, null, null, null);
        } catch (UncheckedIOException e) {
            return failed(model, LmStudioClient.translate(e.getCause(), client.settings()).getMessage());
        } catch (IOException e) {
            return failed(model, LmStudioClient.translate(e, client.settings()).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(model, "the unload was interrupted");
        }
    }

    private static ModelStatus loaded(String model, double seconds) {
        return new ModelStatus(model, ModelState.LOADED, 1.0, seconds, null);
    }

    private static ModelStatus failed(String model, String why) {
        return new ModelStatus(model, ModelState.FAILED, null, null, why);
    }

    private static double seconds(long started) {
        return Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static Long number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
    }
}
