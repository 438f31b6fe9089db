package dev.nova.desktop.chat;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A stored message to show (an opened search hit): marked when it is on screen, else looked for
 * by paging back, at most {@link #MAX_PAGES} pages.
 */
final class SearchFocus {
    /** How many pages back a search hit is looked for before giving up. */
    static final int MAX_PAGES = 20;

    private final ReadOnlyObjectWrapper<MessageItem> focused = new ReadOnlyObjectWrapper<>();
    /** The offset looked for; -1 for none. */
    private long offset = -1;
    private int pages;

    ReadOnlyObjectProperty<MessageItem> focused() {
        return focused.getReadOnlyProperty();
    }

    void clear() {
        offset = -1;
        focused.set(null);
    }

    /** Looks for the message at {@code at}; true when an older page should be asked for. */
    boolean start(long at, List<MessageItem> shown, boolean olderAvailable) {
        offset = at;
        pages = 0;
        focused.set(null);
        if (!find(shown) && !shown.isEmpty() && olderAvailable) {
            pages++;
            return true;
        }
        return false;
    }

    /** After a page arrived: true when a further page back should be asked for. */
    boolean pursue(List<MessageItem> shown, boolean olderAvailable, long oldestShown) {
        if (!find(shown) && olderAvailable && pages < MAX_PAGES && oldestShown > offset) {
            pages++;
            return true;
        }
        if (offset >= 0 && !olderAvailable) {
            offset = -1; // not there any more (deleted, or trimmed from history)
        }
        return false;
    }

    /** Marks the awaited message when it is shown; true when found (or nothing is awaited). */
    private boolean find(List<MessageItem> shown) {
        if (offset < 0) {
            return true;
        }
        for (MessageItem m : shown) {
            if (m.messageId() != null && m.offset() == offset) {
                offset = -1;
                focused.set(m);
                return true;
            }
        }
        return false;
    }
}
