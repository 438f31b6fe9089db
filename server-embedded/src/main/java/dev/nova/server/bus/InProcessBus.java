package dev.nova.server.bus;

import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.ws.OutFrame;

/**
 * The bus of a single server (local mode, one team-server node on SQLite): a message is stored
 * and delivered under its stream's lock, on the caller's thread. Delivering only queues frames
 * on each receiver's outbox (writer threads write), so the lock is held for microseconds.
 */
public final class InProcessBus implements MessageBus {
    private final HistoryStore history;
    private final StreamLocks locks;
    private volatile Receiver receiver;

    public InProcessBus(HistoryStore history, StreamLocks locks) {
        this.history = history;
        this.locks = locks;
    }

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public Appended append(String stream, NewMessage message, long sinceNanos) {
        return locks.with(stream, () -> {
            Appended a = history.append(stream, message);
            Receiver r = receiver;
            if (!a.duplicate() && r != null) {
                r.stored(stream, null, a.message(), sinceNanos);
            }
            return a;
        });
    }

    @Override
    public void publish(String channel, OutFrame frame) {
        Receiver r = receiver;
        if (r != null) {
            r.event(channel, frame);
        }
    }

    @Override
    public void join(String stream) {
        // Every delivery of this process reaches its receiver.
    }

    @Override
    public void leave(String stream) {
        // Nothing joined.
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public void close() {
        receiver = null;
    }
}
