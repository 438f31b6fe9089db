package dev.nova.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.server.config.ServerInfo;
import dev.nova.server.retention.RetentionSweep;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.store.Store;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@code GET /health}: liveness and readiness. 200 with {@code status: ok} when the store answers,
 * 503 with {@code degraded} when it does not; the LLM's state is reported but never fails the
 * check (a team server without a model still serves chat).
 */
public final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final MessageBus bus;
    private final LmStudioClient lmStudio;
    private final IntSupplier connections;
    private final RetentionSweep retention;

    public Health(Store store, MessageBus bus, LmStudioClient lmStudio, IntSupplier connections,
                  RetentionSweep retention) {
        this.store = store;
        this.bus = bus;
        this.lmStudio = lmStudio;
        this.connections = connections;
        this.retention = retention;
    }

    void serve(Context ctx) throws Exception {
        boolean storeUp = store.healthy();
        boolean busUp = bus.healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeUp && busUp ? "ok" : "degraded");
        body.put("version", ServerInfo.version());
        body.put("store", Map.of("kind", store.kind(), "status", storeUp ? "up" : "down"));
        body.put("bus", Map.of("kind", bus.kind(), "status", busUp ? "up" : "down"));
        body.put("llm", llm());
        body.put("connections", connections.getAsInt());
        body.put("retention", retention());
        ctx.status(storeUp && busUp ? 200 : 503).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** What retention rules remove: nothing unless an operator set a rule (channels only). */
    private Map<String, Object> retention() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("default", retention.defaults().describe());
        try {
            r.put("channel_rules", store.retention().rules().size());
        } catch (RuntimeException storeDown) {
            r.put("channel_rules", null);
        }
        r.put("removed", retention.removed());
        r.put("last_sweep", retention.lastSweep() == null ? null : retention.lastSweep().toString());
        return r;
    }

    /** Whether LM Studio answers, and what it has loaded; never fails the health check itself. */
    private Map<String, Object> llm() {
        Map<String, Object> llm = new LinkedHashMap<>();
        llm.put("url", lmStudio.settings().displayUrl());
        try {
            List<String> models = lmStudio.models(Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
            llm.put("status", models.isEmpty() ? "no_models" : "ready");
            llm.put("models", models);
        } catch (Exception e) {
            llm.put("status", "unreachable");
        }
        return llm;
    }
}
