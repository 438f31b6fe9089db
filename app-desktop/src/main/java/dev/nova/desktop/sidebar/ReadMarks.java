package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.desktop.net.Outgoing;
import dev.nova.protocol.ClientMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells the server what this person has read (UI thread). The badge goes at once; a conversation
 * that keeps receiving while open sends its mark at most once a second - one {@code mark_read} and
 * one write for a burst, not one per message.
 */
final class ReadMarks {
    /** How often an open conversation that keeps receiving tells the server it was read. */
    static final Duration EVERY = Duration.ofSeconds(1);

    private final Outgoing out;
    private final Clock clock;
    /** The open conversation read since the last mark was sent, or null. */
    private ConversationItem pending;
    private Instant last = Instant.EPOCH;

    ReadMarks(Outgoing out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Read as it arrives in the open conversation: said now, or when its second is over. */
    void soon(ConversationItem item) {
        item.unread().set(0);
        if (due()) {
            now(item);
        } else {
            pending = item;
        }
    }

    /** Every frame: sends the mark a burst of messages left waiting, once its second is over. */
    void flush() {
        if (pending != null && due()) {
            now(pending);
        }
    }

    /** Read now (opened, or read on another device); what was read in another conversation is said first. */
    void now(ConversationItem item) {
        if (pending != null && pending != item) {
            ConversationItem earlier = pending;
            pending = null;
            now(earlier);
        }
        pending = null;
        last = clock.instant();
        item.unread().set(0);
        if (item.lastOffset() > 0 && !item.local()) {
            ConversationKey key = item.key();
            out.send(key.channel(), new ClientMessage.MarkRead(key.threadId(), item.lastOffset()));
        }
    }

    private boolean due() {
        return !clock.instant().isBefore(last.plus(EVERY));
    }
}
