package dev.nova.server.channel;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.ws.Client;
import dev.nova.server.ws.OutFrame;
import java.time.Duration;
import java.util.List;

/**
 * A recovering subscriber's missed messages, however many: read a page at a time and queued at the
 * pace it reads, outside the stream's lock ({@link #pages}), then the last few under it
 * ({@link #rest}), so it neither overflows its send queue nor holds up the channel's deliveries.
 */
final class Replay {
    /** Missed messages are read from the store this many at a time. */
    static final int PAGE = 500;
    /** How long a recovering subscriber may leave its replay unread before it is closed as a slow consumer. */
    static final Duration STALL = Duration.ofSeconds(30);

    private final HistoryStore history;

    Replay(HistoryStore history) {
        this.history = history;
    }

    /**
     * Sends whole pages after {@code cursor} while there are whole pages, at the client's pace;
     * returns the offset reached, or -1 when the client stopped reading (it is being closed, 4008).
     */
    long pages(Client c, String channel, long cursor) {
        while (true) {
            List<ChatMessage> page = history.after(channel, cursor, PAGE);
            if (page.size() < PAGE) {
                return cursor; // nearly there: the rest under the lock
            }
            for (ChatMessage m : page) {
                if (!paced(c, Channels.encode(channel, m))) {
                    return -1;
                }
                cursor = m.offset();
            }
        }
    }

    /** Sends what was stored after {@code cursor} up to {@code head}; under the stream's lock (later ones come live). */
    void rest(Client c, String channel, long cursor, long head) {
        long at = cursor;
        while (at < head) {
            List<ChatMessage> rest = history.after(channel, at, PAGE);
            if (rest.isEmpty()) {
                return;
            }
            for (ChatMessage m : rest) {
                if (m.offset() > head) {
                    return;
                }
                c.sendFrame(Channels.encode(channel, m));
                at = m.offset();
            }
        }
    }

    /** Queues a replayed frame once it fits the reader's pace; false (and a 4008 close) when it does not read. */
    private static boolean paced(Client c, OutFrame frame) {
        if (!c.awaitRoom(frame.size(), STALL)) {
            if (!c.closing()) {
                c.close(CloseCode.SLOW_CONSUMER, "did not read its recovery within " + STALL.toSeconds() + " s");
            }
            return false;
        }
        c.sendFrame(frame);
        return true;
    }
}
