package dev.nova.server.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * One frame to many connections: queued on each receiver's outbox by the caller (microseconds for
 * a thousand), written by the writer threads, one task per writer for the whole broadcast rather
 * than one hand-off per receiver.
 */
public final class Broadcast {
    private Broadcast() {}

    /** Sends {@code frame} to every one of {@code receivers} and to {@code alsoTo} when not among them; returns how many. */
    public static int send(Iterable<Connection> receivers, Connection alsoTo, OutFrame frame) {
        List<Connection> toDrain = new ArrayList<>();
        int n = 0;
        boolean alsoToIncluded = alsoTo == null;
        for (Connection c : receivers) {
            n++;
            alsoToIncluded |= c == alsoTo;
            if (c.offerBroadcast(frame)) {
                toDrain.add(c);
            }
        }
        if (!alsoToIncluded) {
            n++;
            if (alsoTo.offerBroadcast(frame)) {
                toDrain.add(alsoTo);
            }
        }
        if (!toDrain.isEmpty()) {
            toDrain.get(0).writers().drainAll(toDrain);
        }
        return n;
    }
}
