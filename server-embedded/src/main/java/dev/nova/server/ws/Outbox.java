package dev.nova.server.ws;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a connection. Every outgoing frame is queued here, counted in bytes, and
 * written by one thread at a time: the caller's own thread for a reply, a {@link Writers} thread
 * for a broadcast ({@link Broadcast}). Whatever is queued when the writer comes round goes out
 * in one socket write (up to {@link #MAX_BATCH_FRAMES}), so a receiver that falls behind costs
 * fewer system calls, not more. A receiver whose queue passes the byte limit is closed with 4008;
 * every close waits at most {@link #CLOSE_HANDSHAKE_MS} for the client's close before the TCP
 * connection is cut.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    static final int MAX_BATCH_FRAMES = 64;
    static final int MAX_BATCH_BYTES = 64 * 1024;
    static final long CLOSE_HANDSHAKE_MS = 1000;
    /** What a queued piece of an answer is counted as beyond its text: the envelope around it. */
    private static final int CHUNK_OVERHEAD = 200;

    /** Where an outbox writes: the socket, as the transport shows it. */
    interface Sink {
        /** Writes one text frame; with {@code more} the transport may hold it for the frames after it. */
        void write(ByteBuffer payload, boolean more, Done done);

        void close(int code, String reason);

        /** Cuts the connection without a close handshake; nothing when it is gone already. */
        void disconnect();

        /** Sends a WebSocket ping, ahead of queued data. */
        void ping();
    }

    /** The end of a write. */
    interface Done {
        void succeeded();

        void failed(Throwable cause);
    }

    /** What an outbox tells its connection (metrics, logs). */
    interface Events {
        void written(List<OutFrame> frames);

        /** The server is closing this connection with {@code code}. */
        void closing(int code);
    }

    private record CloseAfter(int code, String reason) {}

    /**
     * A piece of a streamed answer that has not been written yet. While it waits, later pieces of
     * the same answer join it, so a client that cannot keep up gets fewer, larger chunks instead of
     * an ever longer queue; a client that keeps up gets every piece as it came.
     */
    static final class PendingChunk {
        final String key;
        private final Function<PendingChunk, OutFrame> encoder;
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private long weight = CHUNK_OVERHEAD;
        private boolean taken;

        PendingChunk(String key, Function<PendingChunk, OutFrame> encoder) {
            this.key = key;
            this.encoder = encoder;
        }

        synchronized boolean tryAppend(String c, String r) {
            if (taken) {
                return false;
            }
            content.append(c);
            reasoning.append(r);
            weight += c.length() + r.length();
            return true;
        }

        synchronized OutFrame take() {
            taken = true;
            return encoder.apply(this);
        }

        synchronized long weight() {
            return weight;
        }

        String content() {
            return content.toString();
        }

        String reasoning() {
            return reasoning.toString();
        }
    }

    private static final Done IGNORE = new Done() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    };

    private final Sink sink;
    private final Writers writers;
    private final long maxBytes;
    private final Events events;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong merged = new AtomicLong();
    private final Map<String, PendingChunk> waiting = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile boolean finished;

    Outbox(Sink sink, Writers writers, long maxBytes, Events events) {
        this.sink = sink;
        this.writers = writers;
        this.maxBytes = maxBytes;
        this.events = events;
    }

    /**
     * Queues a frame, written on this thread when the writer is free. False when the connection is
     * closing (or was just closed for overflowing).
     */
    boolean offer(OutFrame frame) {
        if (closing) {
            return false;
        }
        if (!admit(frame.size())) {
            return false;
        }
        queue.add(frame);
        schedule();
        return true;
    }

    /**
     * Queues a frame of a broadcast. True when the caller took this outbox's writer and must see
     * to {@link #drainTaken()} (the broadcaster gathers those and hands them to a writer thread in
     * one task, instead of one hand-off per receiver).
     */
    boolean offerTaking(OutFrame frame) {
        if (closing || !admit(frame.size())) {
            return false;
        }
        queue.add(frame);
        return busy.compareAndSet(false, true);
    }

    /** Writes what is queued; only after {@link #offerTaking} returned true. */
    void drainTaken() {
        drain();
    }

    /**
     * Queues a piece of the answer {@code key}; when the previous piece of that answer is still
     * waiting, the new one joins it instead.
     */
    void offerChunk(String key, String content, String reasoning, Function<PendingChunk, OutFrame> encoder) {
        if (closing) {
            return;
        }
        PendingChunk last = waiting.get(key);
        if (last != null && last.tryAppend(content, reasoning)) {
            merged.incrementAndGet();
            admit(content.length() + reasoning.length());
            return;
        }
        PendingChunk next = new PendingChunk(key, encoder);
        next.tryAppend(content, reasoning);
        if (!admit(next.weight())) {
            return;
        }
        waiting.put(key, next);
        queue.add(next);
        schedule();
    }

    /** Counts {@code bytes} more in the queue; past the limit, closes the connection as a slow consumer. */
    private boolean admit(long bytes) {
        long total = queuedBytes.addAndGet(bytes);
        if (total <= maxBytes) {
            return true;
        }
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
        }
        log.info("closing a slow consumer: {} bytes waiting (limit {})", total, maxBytes);
        queue.clear();
        waiting.clear();
        events.closing(4008);
        sink.close(4008, "send queue over " + maxBytes + " bytes: the client does not read fast enough");
        finished = true;
        disconnectLater();
        return false;
    }

    /** How many pieces joined a waiting one because the client was behind. */
    long mergedChunks() {
        return merged.get();
    }

    /** Whether this connection is closing or closed: frames offered now are dropped. */
    boolean closing() {
        return closing || finished;
    }

    /** The byte limit of the queue. */
    long maxBytes() {
        return maxBytes;
    }

    /** Bytes queued or being written. */
    long queuedBytes() {
        return finished ? 0 : queuedBytes.get();
    }

    /** Writes everything queued so far, then closes with {@code code}; later frames are dropped. */
    void closeAfterFlush(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        queue.add(new CloseAfter(code, reason));
        schedule();
    }

    /**
     * Cuts the connection in {@link #CLOSE_HANDSHAKE_MS} whatever state it is in: by then a client
     * that answered the close is gone already (cutting it again does nothing), and one that did
     * not answer is not kept waiting for.
     */
    void disconnectLater() {
        writers.later(sink::disconnect, CLOSE_HANDSHAKE_MS);
    }

    /** A WebSocket ping, unless the connection is closing. */
    void ping() {
        if (!closing) {
            sink.ping();
        }
    }

    /** Nothing left to hand to the transport. */
    boolean isIdle() {
        return finished || (queue.isEmpty() && !busy.get());
    }

    private void schedule() {
        if (busy.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        while (true) {
            List<OutFrame> batch = new ArrayList<>(4);
            long weight = 0;
            CloseAfter close = null;
            Object item;
            while (batch.size() < MAX_BATCH_FRAMES && weight < MAX_BATCH_BYTES && (item = queue.poll()) != null) {
                if (item instanceof CloseAfter c) {
                    close = c;
                    break;
                }
                if (item instanceof PendingChunk chunk) {
                    batch.add(chunk.take());
                    waiting.remove(chunk.key, chunk);
                    weight += chunk.weight();
                } else {
                    OutFrame f = (OutFrame) item;
                    batch.add(f);
                    weight += f.size();
                }
            }
            if (batch.isEmpty() && close == null) {
                busy.set(false);
                // A frame may have arrived between poll and set: take the writer back if so.
                if (queue.isEmpty() || !busy.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            Write write = batch.isEmpty() ? null : write(batch, weight);
            if (close != null) {
                queue.clear();
                events.closing(close.code());
                sink.close(close.code(), close.reason());
                finished = true;
                busy.set(false);
                disconnectLater();
                return;
            }
            if (!write.returnedBeforeCompletion()) {
                continue; // finished on this thread already: go on without growing the stack
            }
            return; // the completion resumes draining
        }
    }

    private Write write(List<OutFrame> batch, long weight) {
        Write write = new Write(batch, weight);
        int last = batch.size() - 1;
        for (int i = 0; i < last; i++) {
            sink.write(batch.get(i).payload(), true, IGNORE);
        }
        sink.write(batch.get(last).payload(), false, write);
        return write;
    }

    /** Tells apart a write that completed inside the call from one that completes later. */
    private final class Write implements Done {
        private static final int PENDING = 0;
        private static final int DONE_INLINE = 1;
        private static final int RETURNED = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final List<OutFrame> frames;
        private final long weight;

        Write(List<OutFrame> frames, long weight) {
            this.frames = frames;
            this.weight = weight;
        }

        boolean returnedBeforeCompletion() {
            return state.compareAndSet(PENDING, RETURNED);
        }

        @Override
        public void succeeded() {
            queuedBytes.addAndGet(-weight);
            events.written(frames);
            if (!state.compareAndSet(PENDING, DONE_INLINE)) {
                drain();
            }
        }

        @Override
        public void failed(Throwable x) {
            log.debug("write failed, dropping the connection's queue: {}", x.toString());
            closing = true;
            finished = true;
            queue.clear();
            waiting.clear();
            busy.set(false);
            sink.disconnect();
        }
    }
}
