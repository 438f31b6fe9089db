package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An assistant thread; {@code last_at} is absent while it holds no message. {@code pinned}
 * and {@code folder} are absent when it is neither; {@code settings} when it has none of
 * its own. One of {@link ServerMessage.Threads}.
 */
public record ThreadInfo(
        @JsonProperty("thread_id") String threadId,
        @JsonProperty("title") String title,
        @JsonProperty("messages") Integer messages,
        @JsonProperty("unread") Integer unread,
        @JsonProperty("last_offset") Long lastOffset,
        @JsonProperty("last_at") String lastAt,
        @JsonProperty("pinned") Boolean pinned,
        @JsonProperty("folder") String folder,
        @JsonProperty("settings") ThreadSettings settings) {
    public ThreadInfo {
        Check.name("thread_id", threadId);
        Check.text("title", title);
        Check.conversationFigures(messages, unread, lastOffset, lastAt);
        ClientMessage.ThreadUpdate.checkFolder(folder);
        pinned = Boolean.TRUE.equals(pinned) ? true : null;
        folder = folder == null || folder.isEmpty() ? null : folder;
        settings = settings == null ? null : settings.orNull();
    }


    @JsonIgnore
    public boolean isPinned() {
        return Boolean.TRUE.equals(pinned);
    }
}
