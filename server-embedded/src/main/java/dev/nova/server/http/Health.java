package dev.nova.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.server.config.ServerInfo;
import dev.nova.server.retention.RetentionSweep;
import dev.nova.server.ws.Hub;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: liveness and readiness. 200 with {@code status: ok} when the store answers,
 * 503 with {@code degraded} when it does not; the LLM's state is reported but never fails the
 * check (a team server without a model still serves chat).
 */
final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Hub hub;
    private final RetentionSweep retention;

    Health(Hub hub, RetentionSweep retention) {
        this.hub = hub;
        this.retention = retention;
    }

    void serve(Context ctx) throws Exception {
        boolean storeUp = hub.store().healthy();
        boolean busUp = hub.bus().healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeUp && busUp ? "ok" : "degraded");
        body.put("version", ServerInfo.version());
        body.put("store", Map.of("kind", hub.store().kind(), "status", storeUp ? "up" : "down"));
        body.put("bus", Map.of("kind", hub.bus().kind(), "status", busUp ? "up" : "down"));
        body.put("llm", llm());
        body.put("connections", hub.openConnections());
        body.put("retention", retention());
        ctx.status(storeUp && busUp ? 200 : 503).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** What retention rules remove: nothing unless an operator set a rule (channels only). */
    private Map<String, Object> retention() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("default", retention.defaults().describe());
        try {
            r.put("channel_rules", hub.store().retention().rules().size());
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
        llm.put("url", hub.lmStudio().settings().displayUrl());
        try {
            List<String> models = hub.lmStudio().models(Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
            llm.put("status", models.isEmpty() ? "no_models" : "ready");
            llm.put("models", models);
        } catch (Exception e) {
            llm.put("status", "unreachable");
        }
        return llm;
    }
}
