package dev.nova.server.ws;

import dev.nova.protocol.Check;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.identity.Identity;
import dev.nova.server.config.Limits;
import dev.nova.server.metrics.NovaMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Session;

/** One client's socket: who it is once authenticated, what it subscribed to, its rate and its outbox. */
public final class Connection implements Client {
    /** Protocol violations tolerated on one connection before it is closed with 4400. */
    public static final int MAX_VIOLATIONS = 50;

    private final String sessionId;
    private final String requestedClientId;
    private final String address;
    private final Outbox outbox;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Map<String, Runnable> streams = new ConcurrentHashMap<>();
    private final AtomicInteger violations = new AtomicInteger();
    private final AtomicBoolean authStarted = new AtomicBoolean();
    private final NovaMetrics metrics;
    private final Writers writers;
    private final RateLimiter rate;
    private final long openedNanos = System.nanoTime();
    private int refusedInRow;
    private volatile Identity identity;
    private volatile byte[] keyHash;
    private volatile ScheduledFuture<?> authTimeout;
    private volatile long lastHeardNanos = System.nanoTime();

    Connection(Session session, String sessionId, String requestedClientId, Writers writers, Limits limits,
               NovaMetrics metrics) {
        this(new JettySink(session), hostOf(session.getRemoteSocketAddress()), sessionId, requestedClientId, writers,
                limits, metrics);
    }

    Connection(Outbox.Sink sink, String address, String sessionId, String requestedClientId, Writers writers,
               Limits limits, NovaMetrics metrics) {
        this.sessionId = sessionId;
        this.requestedClientId = requestedClientId;
        this.address = address;
        this.metrics = metrics;
        this.writers = writers;
        this.rate = new RateLimiter(limits.messagesPerSecond(), limits.burst(), openedNanos);
        this.outbox = new Outbox(sink, writers, limits.sendQueueBytes(), new Outbox.Events() {
            @Override
            public void written(List<OutFrame> frames) {
                long now = System.nanoTime();
                for (OutFrame f : frames) {
                    metrics.delivered(now - f.madeNanos());
                }
            }

            @Override
            public void closing(int code) {
                metrics.closed(code);
            }
        });
    }

    public String sessionId() {
        return sessionId;
    }

    /** The client id in the URL ({@code /api/nova/ws/{client_id}}), or null on {@code /ws}. */
    public String requestedClientId() {
        return requestedClientId;
    }

    /** The peer's IP address, for throttling failed authentication. */
    public String address() {
        return address;
    }

    public boolean authenticated() {
        return identity != null;
    }

    public Identity identity() {
        return identity;
    }

    /** Notes that the peer sent something: it is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** Nanoseconds since the peer last sent anything. */
    long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    /** Sends a WebSocket ping (the heartbeat). */
    void ping() {
        outbox.ping();
    }

    /** Nanoseconds since the connection opened. */
    public long ageNanos() {
        return System.nanoTime() - openedNanos;
    }

    /**
     * Counts one incoming frame against the rate limit: 0 when it may be served, else the
     * milliseconds until one may. Called on the connection's reading thread only.
     */
    long admitFrame(long nowNanos) {
        long wait = rate.tryTake(nowNanos);
        refusedInRow = wait == 0 ? 0 : refusedInRow + 1;
        return wait;
    }

    /** Frames refused for the rate since the last one served. */
    int refusedInRow() {
        return refusedInRow;
    }

    /** True for the first auth attempt only: a failed one ends the connection. */
    public boolean startAuth() {
        return authStarted.compareAndSet(false, true);
    }

    public void authenticate(Identity who, byte[] keyHash) {
        this.keyHash = keyHash;
        this.identity = who;
        ScheduledFuture<?> t = authTimeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The SHA-256 of the key this connection authenticated with, to notice its revocation. */
    public byte[] keyHash() {
        return keyHash;
    }

    void authTimeout(ScheduledFuture<?> timeout) {
        this.authTimeout = timeout;
    }

    /** The identity this connection's frames are about: its name, or what it asked to be. */
    public String clientId() {
        Identity who = identity;
        if (who != null) {
            return who.name();
        }
        return Check.isName(requestedClientId) ? requestedClientId : "anonymous";
    }

    public Set<String> channels() {
        return channels;
    }

    /** Sends one message to this connection only. */
    public void send(String channel, ServerMessage message) {
        sendFrame(OutFrame.of(Envelope.of(clientId(), channel, message)));
    }

    /**
     * Queues a piece of a streamed answer; pieces of one answer merge only while the previous one
     * still waits to be written (the client is behind).
     */
    public void sendChunk(String channel, String requestId, String taskId, String agentId, String content,
                          String reasoning) {
        outbox.offerChunk(requestId, content, reasoning, p -> counted(OutFrame.of(Envelope.of(clientId(),
                channel, new ServerMessage.LlmChunk(p.content(), false, requestId,
                        p.reasoning().isEmpty() ? null : p.reasoning(), null, null, null, taskId, agentId)))));
    }

    /**
     * Registers a running stream under its request id, to be stopped by {@code llm_cancel} or when
     * the connection closes; false when that id is already streaming.
     */
    public boolean startStream(String requestId, Runnable cancel) {
        return streams.putIfAbsent(requestId, cancel) == null;
    }

    public void endStream(String requestId) {
        streams.remove(requestId);
    }

    /** Stops the stream with this id; false when there is none. */
    public boolean cancelStream(String requestId) {
        Runnable cancel = streams.get(requestId);
        if (cancel == null) {
            return false;
        }
        cancel.run();
        return true;
    }

    /** Stops every stream of this connection (it went away). */
    void cancelAllStreams() {
        streams.values().forEach(Runnable::run);
    }

    /** Queues a frame for this connection, written at once on this thread when the writer is free. */
    public void sendFrame(OutFrame frame) {
        outbox.offer(counted(frame));
    }

    /** {@link Outbox#offerTaking}: queues a broadcast frame; true when this connection now needs a writer. */
    boolean offerBroadcast(OutFrame frame) {
        return outbox.offerTaking(frame);
    }

    /** Writes what {@link #offerBroadcast} queued; on a writer thread. */
    void drainBroadcast() {
        outbox.drainTaken();
    }

    Writers writers() {
        return writers;
    }

    private OutFrame counted(OutFrame frame) {
        metrics.framesOut(frame.type(), 1, frame.size());
        return frame;
    }

    /** Bytes waiting to be written to this connection. */
    long queuedBytes() {
        return outbox.queuedBytes();
    }

    /** Whether this connection is closing or closed. */
    public boolean closing() {
        return outbox.closing();
    }

    /**
     * Waits, up to {@code within}, until {@code bytes} more fit in the first half of this
     * connection's send queue, so that a sender of many frames (a recovery's replay) goes at the
     * reader's pace instead of overflowing the queue. False when the connection is closing or the
     * reader did not make room in time.
     */
    public boolean awaitRoom(long bytes, java.time.Duration within) {
        long room = Math.max(outbox.maxBytes() / 2, bytes);
        long deadline = System.nanoTime() + within.toNanos();
        while (outbox.queuedBytes() + bytes > room) {
            if (outbox.closing() || System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000); // a writer frees room within a write
        }
        return !outbox.closing();
    }

    public void sendError(ProtocolException e, String refType) {
        sendError(e, refType, null, null);
    }

    /** An error answering a frame; {@code requestId} names the request it answers, when it had one. */
    public void sendError(ProtocolException e, String refType, String requestId, Long retryAfterMs) {
        String ref = Check.isName(refType) ? refType : null;
        String request = Check.isName(requestId) ? requestId : null;
        metrics.error(e.code());
        send(null, new ServerMessage.Error(e.code(), e.getMessage(), ref, request, retryAfterMs));
    }

    public void sendError(ErrorCode code, String message, String refType) {
        sendError(new ProtocolException(code, message), refType);
    }

    /** Counts a protocol violation; true when there were too many and the connection is closing. */
    boolean violated() {
        if (violations.incrementAndGet() > MAX_VIOLATIONS) {
            close(CloseCode.PROTOCOL_VIOLATIONS, "too many protocol violations");
            return true;
        }
        return false;
    }

    /**
     * Writes what is queued, then the close frame, then waits up to a second for the client's
     * close before cutting the TCP connection.
     */
    public void close(CloseCode code, String reason) {
        outbox.closeAfterFlush(code.code(), reason);
    }

    boolean drained() {
        return outbox.isIdle();
    }

    private static String hostOf(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(a);
    }

    @Override
    public String toString() {
        return "Connection[" + sessionId + ", " + clientId() + "]";
    }
}
