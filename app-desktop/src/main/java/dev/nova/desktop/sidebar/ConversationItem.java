package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import java.time.Instant;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One entry of the sidebar: an assistant thread or a channel. Changed on the UI thread only. */
public final class ConversationItem {
    private final ConversationKey key;
    private final StringProperty title = new SimpleStringProperty();
    private final IntegerProperty unread = new SimpleIntegerProperty();
    private final ObjectProperty<Instant> lastAt = new SimpleObjectProperty<>();
    private int messages;
    private long lastOffset;
    /** A new thread nothing was stored in yet: the server does not list it. */
    private boolean local;

    ConversationItem(ConversationKey key, String title) {
        this.key = key;
        this.title.set(title);
    }

    public ConversationKey key() {
        return key;
    }

    public StringProperty title() {
        return title;
    }

    /** Messages by others since this person last read the conversation. */
    public IntegerProperty unread() {
        return unread;
    }

    /** When the last message came; null for a thread with none. */
    public ObjectProperty<Instant> lastAt() {
        return lastAt;
    }

    public int messages() {
        return messages;
    }

    public long lastOffset() {
        return lastOffset;
    }

    boolean local() {
        return local;
    }

    void local(boolean isLocal) {
        this.local = isLocal;
    }

    void summary(int count, long offset) {
        this.messages = count;
        this.lastOffset = offset;
    }

    void counted(long offset) {
        messages++;
        lastOffset = Math.max(lastOffset, offset);
        local = false;
    }

    @Override
    public String toString() {
        return title.get();
    }
}
