package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerState;
import dev.nova.server.agent.AgentTeam;
import dev.nova.server.auth.ApiKeys;
import dev.nova.server.auth.AuthThrottle;
import dev.nova.server.auth.Authenticator;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.StreamLocks;
import dev.nova.server.channel.Channels;
import dev.nova.server.chat.Chat;
import dev.nova.server.chat.Conversations;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.chat.Assistant;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.llm.ModelCatalog;
import dev.nova.server.llm.ModelHandlers;
import dev.nova.server.llm.Templates;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The heart of the server: the connections, and which handler serves which message type.
 * Transport-neutral apart from the Jetty session each connection writes to.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** How often open connections are checked against revoked keys. */
    static final Duration KEY_SWEEP = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final Store store;
    private final Clock clock;
    private final NovaMetrics metrics;
    private final ApiKeys keys;
    private final Authenticator auth;
    private final Admission admission;
    private final MessageBus bus;
    private final Channels channels;
    private final LmStudioClient lmStudio;
    private final AgentTeam team;
    private final Dispatcher dispatcher;
    private final Writers writers;
    private final ScheduledExecutorService timers;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    /** Whether this node last found its bus (Redis, on a team of nodes) down; guarded by the timer thread. */
    private volatile boolean degraded;

    public Hub(ServerConfig config, Store store, Clock clock, NovaMetrics metrics) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.keys = new ApiKeys(store.keys(), clock);
        this.writers = new Writers(config.effectiveWriterThreads());
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "nova-timers");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled auth timeout is not kept for its full 10 s
        this.timers = t;
        this.admission = new Admission(config.limits());
        this.auth = new Authenticator(keys, new AuthThrottle(clock), timers, config.heartbeat(), config.authTimeout(),
                admission::authenticated, this::welcome, clock);
        StreamLocks locks = new StreamLocks();
        this.bus = store.bus(locks);
        this.channels = new Channels(store, bus, locks, config.limits().subscriptionsPerConnection(), metrics);
        this.lmStudio = new LmStudioClient(config.llm());
        Templates templates = new Templates(config.templatesDir());
        LlmService llm = new LlmService(lmStudio, templates, metrics);
        this.team = new AgentTeam(store.tasks(), store.presence(), channels, llm, lmStudio, templates, clock);
        Chat chat = new Chat(store, channels, clock,
                new Assistant(llm, store.history(), store.threads(), channels, clock, team.coordinator()));
        Conversations conversations = new Conversations(store, channels, clock, () -> connections);
        ModelHandlers models = new ModelHandlers(new ModelCatalog(lmStudio), lmStudio.afterwards());
        this.dispatcher = new Dispatcher()
                .on(ClientMessage.Auth.class, auth::authenticate)
                .on(ClientMessage.Ping.class, (c, f, m) -> c.send(null, new ServerMessage.Pong()))
                .on(ClientMessage.Subscribe.class, channels::subscribe)
                .on(ClientMessage.Unsubscribe.class, channels::unsubscribe)
                .on(ClientMessage.ChatMessage.class, chat::post)
                .on(ClientMessage.History.class, chat::history)
                .on(ClientMessage.Regenerate.class, chat::regenerate)
                .on(ClientMessage.ThreadImport.class, chat::importThread)
                .on(ClientMessage.LlmRequest.class, llm::request)
                .on(ClientMessage.LlmCancel.class, llm::cancel)
                .on(ClientMessage.CreateTask.class, team.handlers()::createTask)
                .on(ClientMessage.TaskUpdate.class, team.handlers()::taskUpdate)
                .on(ClientMessage.AgentStatus.class, team.handlers()::agentStatus)
                .on(ClientMessage.Threads.class, conversations::list)
                .on(ClientMessage.ThreadUpdate.class, conversations::update)
                .on(ClientMessage.MarkRead.class, conversations::markRead)
                .on(ClientMessage.Search.class, conversations::search)
                .on(ClientMessage.MessageDelete.class, conversations::deleteMessage)
                .on(ClientMessage.Models.class, models::list)
                .on(ClientMessage.ModelLoad.class, models::load)
                .on(ClientMessage.ModelUnload.class, models::unload);
        metrics.gauge("nova.connections.open", "open WebSocket connections", null, admission::open);
        metrics.gauge("nova.connections.authenticated", "authenticated connections", null,
                admission::authenticatedCount);
        metrics.gauge("nova.send.queue", "bytes waiting in every connection's send queue", "bytes",
                () -> connections.stream().mapToLong(Connection::queuedBytes).sum());
        timers.scheduleWithFixedDelay(() -> auth.closeRevoked(connections), KEY_SWEEP.toMillis(), KEY_SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
        long beat = config.heartbeat().toMillis();
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::watchBus, STATUS_CHECK.toMillis(), STATUS_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** How often a node checks that its bus flows, to tell its clients when that changes. */
    static final java.time.Duration STATUS_CHECK = java.time.Duration.ofSeconds(1);

    /** Tells every client when the bus goes down or comes back ({@code server_status}); no I/O (the bus knows). */
    private void watchBus() {
        boolean down = !bus.healthy();
        if (down == degraded) {
            return;
        }
        degraded = down;
        if (down) {
            log.warn("the {} bus is not reachable: messages are refused until it is back", bus.kind());
        } else {
            log.info("the {} bus is reachable again", bus.kind());
        }
        ServerMessage.ServerStatus status = status();
        for (Connection c : connections) {
            if (c.identity() != null) {
                c.send(null, status);
            }
        }
    }

    private ServerMessage.ServerStatus status() {
        return degraded ? new ServerMessage.ServerStatus(ServerState.DEGRADED, "the team's store (" + bus.kind()
                + ") is not reachable: messages sent now are refused, not stored, until it is back")
                : new ServerMessage.ServerStatus(ServerState.OK, null);
    }

    /** A client just let in hears at once that the node is degraded, if it is. */
    private void welcome(Connection c) {
        if (degraded) {
            c.send(null, status());
        }
    }

    public ApiKeys keys() {
        return keys;
    }

    public Channels channels() {
        return channels;
    }

    public LmStudioClient lmStudio() {
        return lmStudio;
    }

    public Store store() {
        return store;
    }

    public MessageBus bus() {
        return bus;
    }

    public NovaMetrics metrics() {
        return metrics;
    }

    /** Open connections and how many of them authenticated, for {@code /health}. */
    public int openConnections() {
        return admission.open();
    }

    // ---- connection lifecycle, called by the transport

    Connection opened(Session session, String requestedClientId) {
        Connection c = new Connection(session, "s-" + UUID.randomUUID().toString().substring(0, 12), requestedClientId,
                writers, config.limits(), metrics);
        if (stopping) {
            c.close(CloseCode.GOING_AWAY, "server shutting down");
            return c;
        }
        connections.add(c);
        String refused = admission.opened(c);
        if (refused != null) {
            log.info("{} from {} refused: {}", c.sessionId(), c.address(), refused);
            c.sendError(ErrorCode.LIMIT_EXCEEDED, refused, null);
            c.close(CloseCode.TRY_AGAIN_LATER, "connection limit reached");
            return c;
        }
        c.authTimeout(timers.schedule(() -> {
            if (!c.authenticated()) {
                log.debug("{} did not authenticate in time", c);
                c.close(CloseCode.AUTH_TIMEOUT, "no auth within " + config.authTimeout().toSeconds() + " s");
            }
        }, config.authTimeout().toMillis(), TimeUnit.MILLISECONDS));
        return c;
    }

    void received(Connection c, String text) {
        c.heard();
        MDC.put("client", c.clientId());
        MDC.put("session", c.sessionId());
        try {
            if (!withinRate(c)) {
                return;
            }
            Envelope<ClientMessage> frame;
            try {
                frame = ProtocolCodec.forServer().decode(text);
            } catch (ProtocolException e) {
                metrics.frameIn("invalid");
                refuse(c, e, null, null);
                return;
            }
            metrics.frameIn(frame.type());
            serve(c, frame);
        } finally {
            MDC.remove("client");
            MDC.remove("session");
        }
    }

    void receivedBinary(Connection c) {
        c.heard();
        if (withinRate(c)) {
            metrics.frameIn("invalid");
            refuse(c, new ProtocolException(ErrorCode.INVALID_JSON, "frames must be text (UTF-8 JSON), not binary"),
                    null, null);
        }
    }

    /**
     * The rate limit, checked before a frame is even decoded: over it the frame is answered with
     * {@code rate_limited} and when to try again; a client that goes on regardless is closed with 4029.
     */
    private boolean withinRate(Connection c) {
        long wait = c.admitFrame(System.nanoTime());
        if (wait == 0) {
            return true;
        }
        metrics.rateLimited();
        int refused = c.refusedInRow();
        if (refused > config.limits().refusedBeforeClose()) {
            if (refused == config.limits().refusedBeforeClose() + 1) {
                log.info("closing {}: {} frames in a row over the rate limit", c, refused - 1);
                c.close(CloseCode.RATE_LIMITED, "rate limit exceeded repeatedly");
            }
            return false;
        }
        c.sendError(new ProtocolException(ErrorCode.RATE_LIMITED, "more than "
                + config.limits().messagesPerSecond() + " frames/s (burst " + config.limits().burst()
                + "): wait before sending more"), null, null, wait);
        return false;
    }

    private void serve(Connection c, Envelope<ClientMessage> frame) {
        ClientMessage msg = frame.data();
        try {
            boolean open = msg instanceof ClientMessage.Auth || msg instanceof ClientMessage.Ping;
            if (!c.authenticated() && !open) {
                throw new ProtocolException(ErrorCode.NOT_AUTHENTICATED, "send auth {api_key} first");
            }
            if (c.authenticated() && frame.clientId() != null && !frame.clientId().equals(c.clientId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "client_id",
                        "'" + frame.clientId() + "' is not this connection's identity ('" + c.clientId() + "')");
            }
            Envelope<ClientMessage> stamped = frame.timestamp() == null ? frame.withTimestamp(clock.instant()) : frame;
            dispatcher.dispatch(c, stamped);
        } catch (ProtocolException e) {
            refuse(c, e, frame.type(), requestIdOf(msg));
        } catch (dev.nova.server.store.StoreException e) {
            // Redis away, a full disk: nothing of this frame was kept, and the client is told so plainly.
            log.warn("{} from {} not served: {}", frame.type(), c, e.getMessage());
            c.sendError(new ProtocolException(ErrorCode.INTERNAL, "the server's store is not reachable: this "
                    + frame.type() + " was not carried out (nothing was stored); try again shortly"), frame.type(),
                    requestIdOf(msg), null);
        } catch (RuntimeException e) {
            log.error("handling {} from {} failed", frame.type(), c, e);
            c.sendError(new ProtocolException(ErrorCode.INTERNAL, "the server could not handle this " + frame.type()
                    + "; it has been logged"), frame.type(), requestIdOf(msg), null);
        }
    }

    /** The id of the request a frame is, so the error answering it can name it. */
    private static String requestIdOf(ClientMessage m) {
        if (m instanceof ClientMessage.LlmRequest r) {
            return r.requestId();
        }
        if (m instanceof ClientMessage.LlmCancel x) {
            return x.requestId();
        }
        return null;
    }

    private void refuse(Connection c, ProtocolException e, String refType, String requestId) {
        log.debug("{}: {} ({})", c, e.getMessage(), e.code().wire());
        if (!c.violated()) {
            c.sendError(e, refType, requestId, null);
        }
    }

    void closed(Connection c) {
        connections.remove(c);
        admission.closed(c);
        c.cancelAllStreams();
        team.handlers().disconnected(c);
        channels.drop(c);
    }

    /** Revokes a key and closes its open connections at once. */
    public boolean revokeKey(String name) {
        boolean revoked = keys.revoke(name);
        auth.closeRevoked(connections);
        return revoked;
    }

    /**
     * The heartbeat, one pass over every connection: a WebSocket ping to each, and a close for
     * each that sent nothing for three heartbeats. Clients send {@code ping} when they have
     * nothing else to say; WebSocket pongs are not visible through Javalin.
     */
    private void heartbeat() {
        long limit = config.heartbeat().multipliedBy(3).toNanos();
        for (Connection c : connections) {
            if (c.silentNanos() > limit) {
                log.info("dropping {}: silent for {} heartbeats", c, 3);
                c.close(CloseCode.GOING_AWAY, "heartbeat timeout");
            } else {
                c.ping();
            }
        }
    }

    // ---- shutdown

    /** Stops taking connections, flushes every queue, closes all with 1001 and waits up to the grace period. */
    public void goAway() {
        stopping = true;
        connections.forEach(c -> c.close(CloseCode.GOING_AWAY, "server shutting down"));
        Instant deadline = clock.instant().plus(config.shutdownGrace());
        while (connections.stream().anyMatch(c -> !c.drained()) && clock.instant().isBefore(deadline)) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        team.close();
        lmStudio.close();
        bus.close();
        writers.close();
    }
}
