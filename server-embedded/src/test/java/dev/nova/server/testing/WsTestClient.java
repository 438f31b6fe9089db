package dev.nova.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) for tests: it records every frame the server sends,
 * decodes it strictly with the client codec (so a malformed server frame fails the test), and
 * waits for frames or the close with a deadline, never a sleep.
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsTestClient(URI uri, HttpClient http) {
        this.socket = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new Listener()).join();
    }

    public static WsTestClient connect(URI uri) {
        return new WsTestClient(uri, HTTP);
    }

    /** Through a client of the test's own (one that trusts a test certificate, say). */
    public static WsTestClient connect(URI uri, HttpClient http) {
        return new WsTestClient(uri, http);
    }

    public WsTestClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends, tolerating that the server may close the connection while the frame is still going out. */
    public void sendExpectingClose(String text) {
        socket.sendText(text, true).exceptionally(x -> null).join();
    }

    /** The next frame, decoded; fails after {@link #WAIT}. */
    public Envelope<ServerMessage> next() {
        return ProtocolCodec.forClient().decode(nextRaw());
    }

    public String nextRaw() {
        try {
            String f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(f).as("a frame within %s", WAIT).isNotNull();
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame's data, which must be of {@code type}. */
    public <M extends ServerMessage> M next(Class<M> type) {
        Envelope<ServerMessage> e = next();
        assertThat(e.data()).as("next frame").isInstanceOf(type);
        return type.cast(e.data());
    }

    /**
     * Posts {@code prefix + i} to {@code channel} for each i from {@code from} to {@code to}, each
     * one acknowledged (its echo) before the next.
     */
    public void post(String channel, String prefix, int from, int to) {
        for (int i = from; i <= to; i++) {
            String text = prefix + i;
            send(Frames.chat(channel, text));
            nextMatching(e -> e.data() instanceof dev.nova.protocol.ServerMessage.ChatMessage m && m.content().equals(text));
        }
    }

    /** Skips frames until one matches; returns it. */
    public Envelope<ServerMessage> nextMatching(Predicate<Envelope<ServerMessage>> p) {
        return nextMatching(p, WAIT);
    }

    /** Skips frames until one matches within {@code within} (for what takes longer than {@link #WAIT}). */
    public Envelope<ServerMessage> nextMatching(Predicate<Envelope<ServerMessage>> p, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String f;
            try {
                f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (f == null) {
                throw new AssertionError("no matching frame within " + within);
            }
            Envelope<ServerMessage> e = ProtocolCodec.forClient().decode(f);
            if (p.test(e)) {
                return e;
            }
        }
    }

    /** Collects {@code n} frames of {@code type}, skipping others. */
    public <M extends ServerMessage> List<M> collect(Class<M> type, int n) {
        List<M> out = new ArrayList<>();
        while (out.size() < n) {
            Envelope<ServerMessage> e = nextMatching(x -> type.isInstance(x.data()));
            out.add(type.cast(e.data()));
        }
        return out;
    }

    /** The close code the server sent; fails if it does not close within {@link #WAIT}. */
    public int awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within " + WAIT, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Frames received and not yet read. */
    public int pending() {
        return frames.size();
    }

    /** Drops the TCP connection without a close handshake, as a crashed or cut-off client would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(x -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
