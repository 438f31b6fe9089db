package dev.nova.desktop.chat;

import java.util.Objects;

/**
 * Which conversation a message belongs to: one of the person's assistant threads
 * ({@code channel} null), or a whole channel ({@code threadId} null).
 */
public record ConversationKey(String channel, String threadId) {
    public ConversationKey {
        if ((channel == null) == (threadId == null)) {
            throw new IllegalArgumentException("either a channel or an assistant thread");
        }
    }

    public static ConversationKey thread(String threadId) {
        return new ConversationKey(null, Objects.requireNonNull(threadId));
    }

    public static ConversationKey channel(String channel) {
        return new ConversationKey(Objects.requireNonNull(channel), null);
    }

    /** The conversation of a chat message that came on {@code channel} (null: the assistant stream). */
    public static ConversationKey of(String channel, String threadId) {
        return channel != null ? channel(channel) : thread(threadId);
    }

    public boolean isChannel() {
        return channel != null;
    }
}
