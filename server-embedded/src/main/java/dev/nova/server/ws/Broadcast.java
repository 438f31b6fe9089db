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
    public static int send(Iterable<? extends Client> receivers, Client alsoTo, OutFrame frame) {
        List<Connection> toDrain = new ArrayList<>();
        int n = 0;
        boolean alsoToIncluded = alsoTo == null;
        for (Client c : receivers) {
            n++;
            alsoToIncluded |= c == alsoTo;
            offer(c, frame, toDrain);
        }
        if (!alsoToIncluded) {
            n++;
            offer(alsoTo, frame, toDrain);
        }
        if (!toDrain.isEmpty()) {
            toDrain.get(0).writers().drainAll(toDrain);
        }
        return n;
    }

    /** Queues on a connection's outbox, gathering those whose writer the caller took; any other client just gets it. */
    private static void offer(Client c, OutFrame frame, List<Connection> toDrain) {
        if (c instanceof Connection conn) {
            if (conn.offerBroadcast(frame)) {
                toDrain.add(conn);
            }
        } else {
            c.sendFrame(frame);
        }
    }
}
