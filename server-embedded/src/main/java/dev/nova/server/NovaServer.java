package dev.nova.server;

import dev.nova.server.config.ServerInfo;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.http.WebServer;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.retention.RetentionSweep;
import dev.nova.server.store.Store;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.ws.Hub;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Nova server: the WebSocket endpoints {@code /api/nova/ws/{client_id}} and {@code /ws},
 * {@code GET /health} and {@code GET /metrics} ({@link WebServer}). Start one with {@link #start};
 * {@link #close} shuts down gracefully: stop accepting, flush every queue, close connections with
 * 1001, then the store.
 */
public final class NovaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaServer.class);
    private final ServerConfig config;
    private final Store store;
    private final NovaMetrics metrics;
    private final Hub hub;
    private final RetentionSweep retention;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NovaServer(ServerConfig config, Store store, NovaMetrics metrics, Hub hub, RetentionSweep retention,
                       Javalin app) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.hub = hub;
        this.retention = retention;
        this.app = app;
    }

    /**
     * Opens the config's store and starts serving: Redis when the config names one (a node of a
     * team: any number share it), else the embedded store in the data directory (one server per directory).
     */
    public static NovaServer start(ServerConfig config) {
        Store store = config.redis().enabled()
                ? RedisStore.open(config)
                : SqliteStore.openExclusive(config.dataDir());
        return start(config, store, Clock.systemUTC());
    }

    /** Starts serving over a store this server then owns and closes. */
    public static NovaServer start(ServerConfig config, Store store, Clock clock) {
        NovaMetrics metrics = new NovaMetrics();
        Hub hub = null;
        RetentionSweep retention = null;
        try {
            hub = new Hub(config, store, clock, metrics);
            retention = new RetentionSweep(store, config.retention(), clock, metrics.registry())
                    .start(config.retentionSweep());
            Javalin app = WebServer.create(config, hub, retention);
            app.start();
            log.info("Nova server {} listening on {}:{}{}", ServerInfo.version(), config.host(), app.port(),
                    config.tls().enabled() ? " (TLS)" : "");
            return new NovaServer(config, store, metrics, hub, retention, app);
        } catch (RuntimeException e) {
            if (retention != null) {
                retention.close();
            }
            if (hub != null) {
                hub.close();
            }
            metrics.close();
            store.close();
            throw e;
        }
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return app.port();
    }

    public Hub hub() {
        return hub;
    }

    /** The sweep applying operators' retention rules to channels. */
    public RetentionSweep retention() {
        return retention;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Nova server shutting down");
        hub.goAway();
        app.stop();
        retention.close();
        hub.close();
        store.close();
        metrics.close();
        log.info("Nova server stopped");
    }
}
