package dev.nova.server.bus;

import java.util.function.Supplier;

/**
 * One lock per stream (striped): what this node stores into a stream, delivers from it and
 * replays of it to a new subscriber happens under it, so every subscriber on this node gets the
 * stream's messages in offset order, each once.
 */
public final class StreamLocks {
    private static final int STRIPES = 64;
    private final Object[] locks = new Object[STRIPES];

    public StreamLocks() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public <T> T with(String stream, Supplier<T> work) {
        synchronized (locks[Math.floorMod(stream.hashCode(), STRIPES)]) {
            return work.get();
        }
    }
}
