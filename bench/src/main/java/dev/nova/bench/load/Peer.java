package dev.nova.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * One load connection: greets, joins, publishes, and hands every delivered message to its sink.
 * A peer told to {@link #stall()} stops reading altogether, so the server sees a client whose
 * socket fills up.
 */
final class Peer {
    final int index;
    private final Target target;
    private final Deliveries sink;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile RawClient.Conn conn;
    private volatile String joining;
    private volatile CompletableFuture<Void> joinedFuture;
    private volatile String lastRefusal;

    Peer(int index, Target target, Deliveries sink) {
        this.index = index;
        this.target = target;
        this.sink = sink;
    }

    void attach(RawClient.Conn c) {
        conn = c;
    }

    /** The upgrade succeeded. */
    void opened() {
        for (String frame : target.greet(index)) {
            send(frame);
        }
    }

    /** A message with a stamp arrived. */
    void delivered(long stamp, int length) {
        if (sink != null) {
            sink.delivered(stamp, System.nanoTime(), length);
        }
    }

    /** Any other text frame. */
    void text(String frame) {
        String reply = target.answer(frame);
        if (reply != null) {
            send(reply);
        } else if (!ready.isDone() && target.ready(frame)) {
            ready.complete(null);
        } else if (joining != null && target.joined(frame, joining)) {
            joining = null;
            joinedFuture.complete(null);
        } else if (target.refusal(frame)) {
            lastRefusal = frame.length() > 300 ? frame.substring(0, 300) : frame;
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("refused: " + lastRefusal));
            }
        }
    }

    /** Joins a room; completes when the server acknowledges it. */
    CompletableFuture<Void> join(String room) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        joinedFuture = f;
        joining = room;
        send(target.join(room));
        return f;
    }

    void send(String frame) {
        RawClient.Conn c = conn;
        if (c != null && !closed.isDone()) {
            c.sendText(frame);
        }
    }

    /** From now on, reads nothing more. */
    void stall() {
        conn.stall();
    }

    /** Reads again: what the server left in the socket, and then its close. */
    void resume() {
        conn.resume();
    }

    String lastRefusal() {
        return lastRefusal;
    }

    boolean isOpen() {
        return ready.isDone() && !ready.isCompletedExceptionally() && !closed.isDone();
    }

    void close() {
        if (!closed.isDone() && conn != null) {
            conn.close(1000);
        }
    }

    void closed(int code) {
        closed.complete(code);
        ready.completeExceptionally(new IllegalStateException("closed with " + code));
    }

    void failed(Throwable cause) {
        ready.completeExceptionally(cause);
    }
}
