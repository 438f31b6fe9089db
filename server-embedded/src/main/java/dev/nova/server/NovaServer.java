package dev.nova.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.store.Store;
import dev.nova.server.store.sqlite.SqliteStore;
import dev.nova.server.ws.Hub;
import dev.nova.server.ws.WsEndpoint;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Nova server: the WebSocket endpoints {@code /api/nova/ws/{client_id}} and {@code /ws},
 * and {@code GET /health}. Start one with {@link #start}; {@link #close} shuts down gracefully:
 * stop accepting, flush every queue, close connections with 1001, then the store.
 */
public final class NovaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaServer.class);
    /** Frames above the protocol limit but below this get an error; above it Jetty closes with 1009. */
    static final long MAX_TRANSPORT_MESSAGE = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerConfig config;
    private final Store store;
    private final Hub hub;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NovaServer(ServerConfig config, Store store, Hub hub, Javalin app) {
        this.config = config;
        this.store = store;
        this.hub = hub;
        this.app = app;
    }

    /** Opens the embedded store in the config's data directory and starts serving. */
    public static NovaServer start(ServerConfig config) {
        return start(config, SqliteStore.open(config.dataDir()), Clock.systemUTC());
    }

    /** Starts serving over a store this server then owns and closes. */
    public static NovaServer start(ServerConfig config, Store store, Clock clock) {
        Hub hub = new Hub(config, store, clock);
        WsEndpoint endpoint = new WsEndpoint(hub, config.heartbeat());
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(Math.max(MAX_TRANSPORT_MESSAGE, ProtocolCodec.MAX_FRAME_BYTES));
                f.setMaxBinaryMessageSize(ProtocolCodec.MAX_FRAME_BYTES);
                // Nova drops silent peers itself (Hub); Jetty's timeout is only the last resort.
                f.setIdleTimeout(config.heartbeat().multipliedBy(6));
            });
            cfg.routes.ws("/api/nova/ws/{client_id}", ws -> endpoint.configure(ws, true));
            cfg.routes.ws("/ws", ws -> endpoint.configure(ws, false));
            cfg.routes.get("/health", ctx -> {
                boolean storeUp = store.healthy();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", storeUp ? "ok" : "degraded");
                body.put("store", Map.of("kind", store.kind(), "status", storeUp ? "up" : "down"));
                body.put("llm", llmHealth(hub));
                body.put("version", ServerInfo.version());
                ctx.status(storeUp ? 200 : 503).contentType("application/json")
                        .result(JSON.writeValueAsString(body));
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            hub.close();
            store.close();
            throw e;
        }
        log.info("Nova server {} listening on {}:{}", ServerInfo.version(), config.host(), app.port());
        return new NovaServer(config, store, hub, app);
    }

    /** Whether LM Studio answers, and what it has loaded; never fails the health check itself. */
    private static Map<String, Object> llmHealth(Hub hub) {
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

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return app.port();
    }

    public Hub hub() {
        return hub;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Nova server shutting down");
        hub.goAway();
        app.stop();
        hub.close();
        store.close();
        log.info("Nova server stopped");
    }
}
