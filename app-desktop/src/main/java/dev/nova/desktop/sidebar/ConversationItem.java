package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.protocol.ThreadSettings;
import java.time.Instant;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
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
    private final BooleanProperty pinned = new SimpleBooleanProperty();
    private final StringProperty folder = new SimpleStringProperty();
    private final ObjectProperty<ThreadSettings> settings = new SimpleObjectProperty<>(ThreadSettings.DEFAULTS);
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

    /** Kept on top of the list. */
    public BooleanProperty pinned() {
        return pinned;
    }

    /** The folder it is filed in; null: none. */
    public StringProperty folder() {
        return folder;
    }

    /** How the assistant answers in this thread ({@link ThreadSettings#DEFAULTS}: as the server does). */
    public ObjectProperty<ThreadSettings> settings() {
        return settings;
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
