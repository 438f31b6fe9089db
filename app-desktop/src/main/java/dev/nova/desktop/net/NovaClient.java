package dev.nova.desktop.net;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.Since;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's connection to a Nova server, with no JavaFX in it. It authenticates on open,
 * reconnects after a drop with {@link Backoff} (not after 4001: a refused key stays refused),
 * keeps messages sent while offline in an outbox and sends them once when back (chat messages
 * carry a client {@code message_id}, so a resend is stored once), pings the server and drops a
 * silent connection, and re-subscribes every channel from the last offset it saw, so nothing is
 * missed. Listeners run on the client's network thread.
 */
public final class NovaClient implements Outgoing, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaClient.class);
    private static final ProtocolCodec<ServerMessage, ClientMessage> CODEC = ProtocolCodec.forClient();
    static final int MAX_OUTBOX = 1000;

    private final URI server;
    private final String apiKey;
    private final Backoff backoff;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-client");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<ConnectionState>> stateListeners = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, List<Consumer<Envelope<? extends ServerMessage>>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, ChannelCursor> cursors = new ConcurrentHashMap<>();

    // guarded by this
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final Deque<Envelope<ClientMessage>> outbox = new ArrayDeque<>();
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private Socket socket;
    private int attempt;
    private boolean closing;
    private String failure;
    private Duration heartbeat = Duration.ofSeconds(20);
    private long lastHeardNanos;
    private ScheduledFuture<?> health;
    private ScheduledFuture<?> pendingReconnect;

    public NovaClient(URI server, String apiKey, Backoff backoff) {
        this.server = server;
        this.apiKey = apiKey;
        this.backoff = backoff;
    }

    public NovaClient(URI server, String apiKey) {
        this(server, apiKey, Backoff.standard());
    }

    // ---- listening

    public void onState(Consumer<ConnectionState> listener) {
        stateListeners.add(listener);
    }

    /** Calls {@code listener} for every frame of this message type. */
    @SuppressWarnings("unchecked")
    public <M extends ServerMessage> void on(Class<M> type, Consumer<Envelope<M>> listener) {
        listeners.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>())
                .add(e -> listener.accept((Envelope<M>) e));
    }

    public synchronized ConnectionState state() {
        return state;
    }

    /** Why the client gave up ({@link ConnectionState#FAILED}), in words for people. */
    public synchronized String failure() {
        return failure;
    }

    public ChannelCursor cursor(String channel) {
        return cursors.get(channel);
    }

    // ---- doing

    public synchronized void connect() {
        closing = false;
        if (state == ConnectionState.DISCONNECTED || state == ConnectionState.FAILED) {
            attempt = 0;
            open(ConnectionState.CONNECTING);
        }
    }

    /**
     * Tries again now instead of waiting out the backoff, which starts over: the person asked
     * ("Reconnect now"), or the server is known to be back (its health answered). Does nothing
     * unless the client is waiting to reconnect or was refused (then it is the person's own try:
     * a key refused once is never retried by itself).
     */
    public synchronized void reconnectNow() {
        if (closing || state != ConnectionState.RECONNECTING && state != ConnectionState.FAILED || socket != null) {
            return;
        }
        failure = null;
        if (pendingReconnect != null) {
            pendingReconnect.cancel(false);
            pendingReconnect = null;
        }
        attempt = 0;
        log.info("reconnecting now");
        open(ConnectionState.RECONNECTING);
    }

    /**
     * Sends a message, or keeps it until the connection is back. A chat message without a
     * {@code message_id} gets one, so that sending it again never stores it twice.
     */
    @Override
    public void send(String channel, ClientMessage message) {
        if (message instanceof ClientMessage.ChatMessage chat && chat.messageId() == null) {
            message = new ClientMessage.ChatMessage(chat.content(), chat.threadId(), "c-" + UUID.randomUUID(), chat.model(),
                    chat.editOf());
        }
        Envelope<ClientMessage> frame = new Envelope<>(null, null, channel, message);
        synchronized (this) {
            if (state == ConnectionState.CONNECTED && socket != null && socket.isOpen()) {
                write(frame);
                return;
            }
            if (outbox.size() >= MAX_OUTBOX) {
                outbox.removeFirst();
            }
            outbox.addLast(frame);
        }
    }

    /** Joins a channel now and after every reconnect, recovering what was missed meanwhile. */
    public synchronized void subscribe(String channel) {
        if (subscriptions.add(channel) && state == ConnectionState.CONNECTED) {
            write(subscribeFrame(channel));
        }
    }

    /**
     * Leaves a channel: no more deliveries, and not joined again after a reconnect. Sent even when
     * offline (then on reconnect), so the server also stops listing it for this person.
     */
    public void unsubscribe(String channel) {
        synchronized (this) {
            subscriptions.remove(channel);
            cursors.remove(channel);
        }
        send(null, new ClientMessage.Unsubscribe(channel));
    }

    @Override
    public void close() {
        Socket s;
        synchronized (this) {
            closing = true;
            s = socket;
            socket = null;
            cancelHealth();
            setState(ConnectionState.DISCONNECTED);
        }
        if (s != null) {
            s.close(CloseCode.NORMAL.code(), "bye");
        }
        timers.shutdownNow();
    }

    // ---- internals (all under the lock unless noted)

    private void open(ConnectionState next) {
        setState(next);
        Socket s = new Socket(server);
        socket = s;
        s.connect();
    }

    private void write(Envelope<ClientMessage> frame) {
        socket.send(CODEC.encode(frame.withTimestamp(Instant.now())));
    }

    private Envelope<ClientMessage> subscribeFrame(String channel) {
        ChannelCursor c = cursors.get(channel);
        Since since = c == null ? null : new Since(c.offset(), c.epoch());
        return new Envelope<>(null, null, null, new ClientMessage.Subscribe(channel, since));
    }

    private void setState(ConnectionState next) {
        if (state == next) {
            return;
        }
        state = next;
        ConnectionState now = next;
        stateListeners.forEach(l -> l.accept(now));
    }

    private synchronized void opened(Socket s) {
        if (s != socket) {
            return;
        }
        setState(ConnectionState.AUTHENTICATING);
        s.send(CODEC.encode(new Envelope<>(Instant.now(), null, null, new ClientMessage.Auth(apiKey))));
    }

    private void received(Socket s, String text) {
        Envelope<ServerMessage> e;
        try {
            e = CODEC.decode(text);
        } catch (ProtocolException x) {
            log.warn("ignoring a frame the server should not have sent: {}", x.getMessage());
            return;
        }
        synchronized (this) {
            if (s != socket) {
                return;
            }
            lastHeardNanos = System.nanoTime();
            track(e);
        }
        List<Consumer<Envelope<? extends ServerMessage>>> ls = listeners.get(e.data().getClass());
        if (ls != null) {
            ls.forEach(l -> l.accept(e));
        }
    }

    private void track(Envelope<ServerMessage> e) {
        if (e.data() instanceof ServerMessage.ConnectionSuccess ok) {
            attempt = 0;
            heartbeat = Duration.ofSeconds(ok.heartbeatS());
            setState(ConnectionState.CONNECTED);
            subscriptions.forEach(ch -> write(subscribeFrame(ch)));
            while (!outbox.isEmpty()) {
                write(outbox.removeFirst());
            }
            scheduleHealth();
        } else if (e.data() instanceof ServerMessage.AuthFailure f) {
            failure = f.reason();
        } else if (e.data() instanceof ServerMessage.SubscriptionSuccess sub) {
            ChannelCursor c = cursors.get(sub.channel());
            if (c == null || !c.epoch().equals(sub.epoch())) {
                cursors.put(sub.channel(), new ChannelCursor(sub.offset(), sub.epoch()));
            }
        } else if (e.data() instanceof ServerMessage.ChatMessage m && e.channel() != null) {
            cursors.computeIfPresent(e.channel(), (ch, c) -> m.offset() > c.offset()
                    ? new ChannelCursor(m.offset(), c.epoch()) : c);
        }
    }

    private synchronized void closed(Socket s, int code, String reason) {
        if (s != socket) {
            return;
        }
        socket = null;
        cancelHealth();
        if (closing) {
            setState(ConnectionState.DISCONNECTED);
            return;
        }
        CloseCode known = CloseCode.of(code);
        if (code == CloseCode.AUTH_FAILED.code() || (known != null && !known.reconnect())) {
            if (failure == null) {
                failure = reason == null || reason.isBlank() ? "the server refused the connection (" + code + ")" : reason;
            }
            log.warn("connection refused for good: {} {}", code, failure);
            setState(ConnectionState.FAILED);
            return;
        }
        Duration wait = backoff.delay(attempt++);
        log.info("connection lost ({} {}); reconnecting in {} ms", code, reason, wait.toMillis());
        setState(ConnectionState.RECONNECTING);
        pendingReconnect = timers.schedule(this::reconnect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reconnect() {
        pendingReconnect = null;
        if (!closing && state == ConnectionState.RECONNECTING && socket == null) {
            open(ConnectionState.RECONNECTING);
        }
    }

    /** Pings every heartbeat; a server silent for three heartbeats is treated as gone. */
    private void scheduleHealth() {
        cancelHealth();
        long every = heartbeat.toMillis();
        health = timers.scheduleWithFixedDelay(this::checkHealth, every, every, TimeUnit.MILLISECONDS);
    }

    private synchronized void checkHealth() {
        if (state != ConnectionState.CONNECTED || socket == null) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > heartbeat.multipliedBy(3).toNanos()) {
            log.info("the server has been silent for three heartbeats; reconnecting");
            socket.closeConnection(1006, "server silent");
            return;
        }
        write(new Envelope<>(null, null, null, new ClientMessage.Ping()));
    }

    private void cancelHealth() {
        if (health != null) {
            health.cancel(false);
            health = null;
        }
    }

    /** One connection attempt; its callbacks run on Java-WebSocket's thread. */
    private final class Socket extends WebSocketClient {
        Socket(URI uri) {
            super(uri);
            setConnectionLostTimeout(0); // NovaClient pings itself, at the server's heartbeat
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            opened(this);
        }

        @Override
        public void onMessage(String message) {
            received(this, message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed(this, code, reason);
        }

        @Override
        public void onError(Exception ex) {
            log.debug("connection error: {}", ex.toString());
        }
    }
}
