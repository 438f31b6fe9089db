package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.config.ServerInfo;
import dev.nova.server.identity.Identity;
import dev.nova.server.metrics.NovaMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport: the open connections, their admission and authentication, the heartbeat, the
 * writers, and handing each decoded frame to the handler its type has in the {@link Dispatcher}.
 * It knows no feature: the server's composition root builds the dispatch table and listens for
 * clients that come in ({@link #onWelcome}) and go ({@link #onClose}).
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final ServerConfig config;
    private final Dispatcher dispatcher;
    private final Authentication authentication;
    private final Clock clock;
    private final NovaMetrics metrics;
    private final ScheduledExecutorService timers;
    private final Admission admission;
    private final Writers writers;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Client>> welcomed = new CopyOnWriteArrayList<>();
    private final List<Consumer<Client>> gone = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    /**
     * A hub serving {@code dispatcher}'s message types, authenticating with {@code authentication};
     * {@code timers} (the caller's, shut down by the caller) run auth timeouts and the heartbeat.
     */
    public Hub(ServerConfig config, Dispatcher dispatcher, Authentication authentication, Clock clock,
               NovaMetrics metrics, ScheduledExecutorService timers) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.authentication = authentication;
        this.clock = clock;
        this.metrics = metrics;
        this.timers = timers;
        this.writers = new Writers(config.effectiveWriterThreads());
        this.admission = new Admission(config.limits());
        metrics.gauge("nova.connections.open", "open WebSocket connections", null, admission::open);
        metrics.gauge("nova.connections.authenticated", "authenticated connections", null,
                admission::authenticatedCount);
        metrics.gauge("nova.send.queue", "bytes waiting in every connection's send queue", "bytes",
                () -> connections.stream().mapToLong(Connection::queuedBytes).sum());
        long beat = config.heartbeat().toMillis();
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** Calls {@code listener} with each client let in, after its {@code connection_success}. */
    public void onWelcome(Consumer<Client> listener) {
        welcomed.add(listener);
    }

    /** Calls {@code listener} with each client that went away (its streams are stopped already). */
    public void onClose(Consumer<Client> listener) {
        gone.add(listener);
    }

    /** The open connections, as they are now. */
    public Collection<Connection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    /** Open connections, for {@code /health}. */
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
        org.slf4j.MDC.put("client", c.clientId());
        org.slf4j.MDC.put("session", c.sessionId());
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
            org.slf4j.MDC.remove("client");
            org.slf4j.MDC.remove("session");
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
            if (msg instanceof ClientMessage.Ping) {
                c.send(null, new ServerMessage.Pong());
                return;
            }
            if (msg instanceof ClientMessage.Auth auth) {
                authenticate(c, frame, auth);
                return;
            }
            Envelope<ClientMessage> stamped = frame.timestamp() == null ? frame.withTimestamp(clock.instant()) : frame;
            CompletionStage<?> later = dispatcher.dispatch(c, stamped);
            if (later != null) {
                later.whenComplete((done, e) -> {
                    if (e != null) {
                        failed(c, frame.type(), requestIdOf(msg), e instanceof CompletionException && e.getCause() != null
                                ? e.getCause() : e);
                    }
                });
            }
        } catch (RuntimeException e) {
            failed(c, frame.type(), requestIdOf(msg), e);
        }
    }

    /** A frame's handling failed (at once, or later when its work completed): the client is told why. */
    private void failed(Connection c, String type, String requestId, Throwable failure) {
        if (failure instanceof ProtocolException e) {
            refuse(c, e, type, requestId);
            return;
        }
        String away = failure instanceof RuntimeException e ? dispatcher.unavailable(e) : null;
        if (away != null) {
            // Redis away, a full disk: nothing of this frame was kept, and the client is told so plainly.
            log.warn("{} from {} not served: {}", type, c, failure.getMessage());
            c.sendError(new ProtocolException(ErrorCode.INTERNAL, away + ": this " + type
                    + " was not carried out (nothing was stored); try again shortly"), type, requestId, null);
            return;
        }
        log.error("handling {} from {} failed", type, c, failure);
        c.sendError(new ProtocolException(ErrorCode.INTERNAL, "the server could not handle this " + type
                + "; it has been logged"), type, requestId, null);
    }

    /** One attempt per connection: let in at once when the key is good, else refused (maybe later) and closed. */
    private void authenticate(Connection c, Envelope<ClientMessage> frame, ClientMessage.Auth auth) {
        if (c.authenticated()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "already authenticated");
        }
        if (!c.startAuth()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "an auth attempt is already being checked");
        }
        authentication.check(c, frame, auth, new Authentication.Verdict() {
            @Override
            public void accepted(Identity who, byte[] keyHash) {
                admit(c, who, keyHash);
            }

            @Override
            public void refused(String reason) {
                log.info("{} from {} failed to authenticate: {}", c.sessionId(), c.address(), reason);
                c.send(null, new ServerMessage.AuthFailure(reason));
                c.close(CloseCode.AUTH_FAILED, "auth failed");
            }
        });
    }

    private void admit(Connection c, Identity who, byte[] keyHash) {
        c.authenticate(who, keyHash);
        String refused = admission.authenticated(c, who);
        if (refused != null) {
            log.info("{} authenticated as {} but was refused: {}", c.sessionId(), who.name(), refused);
            c.sendError(ErrorCode.LIMIT_EXCEEDED, refused, "auth");
            c.close(CloseCode.TRY_AGAIN_LATER, "too many connections for this identity");
            return;
        }
        log.info("{} authenticated as {} ({})", c.sessionId(), who.name(), who.role().wire());
        c.send(null, new ServerMessage.ConnectionSuccess(who.name(), c.sessionId(), ServerInfo.version(),
                ServerMessage.PROTOCOL_VERSION, (int) config.heartbeat().toSeconds()));
        welcomed.forEach(l -> l.accept(c));
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
        if (!VIOLATIONS.contains(e.code()) || !c.violated()) {
            c.sendError(e, refType, requestId, null);
        }
    }

    /**
     * The errors that count towards closing a connection with 4400: frames a correct client never
     * sends. A well-formed request the state of things refuses (a thread deleted meanwhile, a task
     * another device moved first, an answer that just ended) is a race, not a violation.
     */
    private static final java.util.Set<ErrorCode> VIOLATIONS = java.util.EnumSet.of(ErrorCode.INVALID_JSON,
            ErrorCode.INVALID_MESSAGE, ErrorCode.UNKNOWN_TYPE, ErrorCode.NOT_AUTHENTICATED, ErrorCode.FORBIDDEN,
            ErrorCode.INVALID_CHANNEL, ErrorCode.TOO_LARGE);

    void closed(Connection c) {
        connections.remove(c);
        admission.closed(c);
        c.cancelAllStreams();
        for (Consumer<Client> l : gone) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                log.warn("cleaning up after {} failed", c, e);
            }
        }
    }

    /**
     * The heartbeat, one pass over every connection: a WebSocket ping to each, and a close for
     * each that sent nothing for three heartbeats - no frame and no pong to those pings.
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
        writers.close();
    }
}
