package dev.nova.server.ws;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a connection: every outgoing frame goes into this queue and is written by
 * whichever thread finds the writer idle, one frame at a time, each started when the previous
 * one finished. No handler, store or bus thread ever writes to the socket itself.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private record CloseAfter(int code, String reason) {}

    /**
     * A piece of a streamed answer that has not been written yet. While it waits, later pieces of
     * the same answer join it, so a client that cannot keep up gets fewer, larger chunks instead of
     * an ever longer queue; a client that keeps up gets every piece as it came.
     */
    static final class PendingChunk {
        final String key;
        private final Function<PendingChunk, String> encoder;
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private boolean taken;

        PendingChunk(String key, Function<PendingChunk, String> encoder) {
            this.key = key;
            this.encoder = encoder;
        }

        synchronized boolean tryAppend(String c, String r) {
            if (taken) {
                return false;
            }
            content.append(c);
            reasoning.append(r);
            return true;
        }

        synchronized String take() {
            taken = true;
            return encoder.apply(this);
        }

        String content() {
            return content.toString();
        }

        String reasoning() {
            return reasoning.toString();
        }
    }

    private final Session session;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong merged = new AtomicLong();
    private final Map<String, PendingChunk> waiting = new ConcurrentHashMap<>();
    private volatile boolean closing;

    Outbox(Session session) {
        this.session = session;
    }

    /** Queues a frame; false when the connection is closing and the frame was dropped. */
    boolean offer(String frame) {
        if (closing) {
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    /**
     * Queues a piece of the answer {@code key}; when the previous piece of that answer is still
     * waiting, the new one joins it instead.
     */
    void offerChunk(String key, String content, String reasoning, Function<PendingChunk, String> encoder) {
        if (closing) {
            return;
        }
        PendingChunk last = waiting.get(key);
        if (last != null && last.tryAppend(content, reasoning)) {
            merged.incrementAndGet();
            return;
        }
        PendingChunk next = new PendingChunk(key, encoder);
        next.tryAppend(content, reasoning);
        waiting.put(key, next);
        queue.add(next);
        pump();
    }

    /** How many pieces joined a waiting one because the client was behind. */
    long mergedChunks() {
        return merged.get();
    }

    /** Writes everything queued so far, then closes with {@code code}; later frames are dropped. */
    void closeAfterFlush(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(new CloseAfter(code, reason));
        pump();
    }

    /** Cuts the connection unless the close handshake finished within a second. */
    void disconnectLater() {
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
            if (session.isOpen()) {
                session.disconnect();
            }
        });
    }

    boolean isIdle() {
        return queue.isEmpty() && !writing.get();
    }

    private void pump() {
        if (writing.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        while (true) {
            Object item = queue.poll();
            if (item == null) {
                writing.set(false);
                // A frame may have arrived between poll and set: take the writer back if so.
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (item instanceof CloseAfter close) {
                queue.clear();
                session.close(close.code(), close.reason(), Callback.NOOP);
                writing.set(false);
                return;
            }
            String frame;
            if (item instanceof PendingChunk chunk) {
                frame = chunk.take();
                waiting.remove(chunk.key, chunk);
            } else {
                frame = (String) item;
            }
            Write write = new Write();
            session.sendText(frame, write);
            if (!write.returnedBeforeCompletion()) {
                continue; // finished on this thread already: go on without growing the stack
            }
            return; // the completion callback resumes draining
        }
    }

    /** Tells apart a write that completed inside sendText from one that completes later. */
    private final class Write implements Callback {
        private static final int PENDING = 0;
        private static final int DONE_INLINE = 1;
        private static final int RETURNED = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        boolean returnedBeforeCompletion() {
            return state.compareAndSet(PENDING, RETURNED);
        }

        @Override
        public void succeed() {
            if (!state.compareAndSet(PENDING, DONE_INLINE)) {
                drain();
            }
        }

        @Override
        public void fail(Throwable x) {
            log.debug("write failed, dropping the connection's queue: {}", x.toString());
            closing = true;
            queue.clear();
            writing.set(false);
            session.disconnect();
        }
    }
}
