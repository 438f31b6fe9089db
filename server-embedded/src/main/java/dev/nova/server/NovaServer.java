package dev.nova.server;

import dev.nova.server.auth.ApiKeys;
import dev.nova.server.auth.AuthThrottle;
import dev.nova.server.auth.Authenticator;
import dev.nova.server.bus.InProcessBus;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.StreamLocks;
import dev.nova.server.channel.Channels;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.config.ServerInfo;
import dev.nova.server.http.Health;
import dev.nova.server.http.WebServer;
import dev.nova.server.mcpserver.McpEndpoint;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.retention.RetentionSweep;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.store.Store;
import dev.nova.server.ws.Dispatcher;
import dev.nova.server.ws.Hub;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Nova server, and the one place it is put together: the store and its bus, the
 * transport ({@link Hub}), the features and their dispatch table ({@link Features}), the
 * retention sweep, {@code /health}, {@code /metrics}, the board's MCP server ({@code /mcp}), the web server. Start one with
 * {@link #start}; {@link #close} shuts down gracefully - stop accepting, flush every queue, close
 * connections with 1001 - then closes what it opened in reverse order, the store last.
 */
public final class NovaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaServer.class);
    /** How often open connections are checked against revoked keys. */
    static final Duration KEY_SWEEP = Duration.ofSeconds(2);

    private final Store store;
    private final MessageBus bus;
    private final NovaMetrics metrics;
    private final ApiKeys keys;
    private final Authenticator auth;
    private final Hub hub;
    private final Channels channels;
    private final RetentionSweep retention;
    private final Javalin app;
    /** What to close, last opened first. */
    private final Deque<AutoCloseable> opened;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NovaServer(Parts p, Javalin app) {
        this.store = p.store;
        this.bus = p.bus;
        this.metrics = p.metrics;
        this.keys = p.keys;
        this.auth = p.auth;
        this.hub = p.hub;
        this.channels = p.channels;
        this.retention = p.retention;
        this.app = app;
        this.opened = p.opened;
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
        Parts p = new Parts(store);
        try {
            p.build(config, clock);
            Javalin app = WebServer.create(config, p.hub, new Health(store, p.bus, p.lmStudio, p.hub::openConnections,
                    p.retention), p.metrics, p.mcp::handle);
            app.start();
            log.info("Nova server {} listening on {}:{}{}", ServerInfo.version(), config.host(), app.port(),
                    config.tls().enabled() ? " (TLS)" : "");
            return new NovaServer(p, app);
        } catch (RuntimeException e) {
            closeAll(p.opened);
            throw e;
        }
    }

    /** What a server is made of, built in order, each part closed in reverse order of opening. */
    private static final class Parts {
        final Store store;
        final Deque<AutoCloseable> opened = new ArrayDeque<>();
        NovaMetrics metrics;
        MessageBus bus;
        ApiKeys keys;
        Authenticator auth;
        Hub hub;
        Channels channels;
        dev.nova.server.llm.LmStudioClient lmStudio;
        RetentionSweep retention;
        McpEndpoint mcp;

        Parts(Store store) {
            this.store = store;
            opened.push(store);
        }

        void build(ServerConfig config, Clock clock) {
            metrics = open(new NovaMetrics());
            StreamLocks locks = new StreamLocks();
            // the embedded store's bus delivers in this process; a team's Redis brings its own
            bus = open(store instanceof RedisStore redis ? redis.bus() : new InProcessBus(store.history(), locks));
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "nova-timers");
                t.setDaemon(true);
                return t;
            });
            timers.setRemoveOnCancelPolicy(true); // a cancelled auth timeout is not kept for its full 10 s
            open(timers::shutdownNow);
            keys = new ApiKeys(store.keys(), clock);
            AuthThrottle throttle = new AuthThrottle(clock); // one for every way in: a guesser is slowed on all
            auth = new Authenticator(keys, throttle, timers, config.authTimeout(), clock);
            Dispatcher dispatcher = new Dispatcher();
            hub = open(new Hub(config, dispatcher, auth, clock, metrics, timers));
            Features features = open(new Features(config, store, bus, locks, hub, clock, metrics));
            features.register(dispatcher);
            channels = features.channels;
            lmStudio = features.lmStudio;
            mcp = open(new McpEndpoint(keys, throttle, config.allowedOrigins(), config.limits(), features.team,
                    features.chat, clock));
            new StatusWatch(bus, hub, timers);
            timers.scheduleWithFixedDelay(() -> auth.closeRevoked(hub.connections()), KEY_SWEEP.toMillis(),
                    KEY_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
            retention = open(new RetentionSweep(store, config.retention(), clock, metrics.registry())
                    .start(config.retentionSweep()));
        }

        private <T extends AutoCloseable> T open(T part) {
            opened.push(part);
            return part;
        }
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return app.port();
    }

    /** The server's API keys: create, list, revoke. */
    public ApiKeys keys() {
        return keys;
    }

    /** Revokes a key and closes its open connections at once (others within {@link #KEY_SWEEP}). */
    public boolean revokeKey(String name) {
        boolean revoked = keys.revoke(name);
        auth.closeRevoked(hub.connections());
        return revoked;
    }

    public Store store() {
        return store;
    }

    public MessageBus bus() {
        return bus;
    }

    public Channels channels() {
        return channels;
    }

    public NovaMetrics metrics() {
        return metrics;
    }

    /** Open WebSocket connections. */
    public int openConnections() {
        return hub.openConnections();
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
        closeAll(opened);
        log.info("Nova server stopped");
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("closing {} failed", part.getClass().getSimpleName(), e);
            }
        }
    }
}
