package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A channel the person can read, with its figures. One of {@link ServerMessage.Threads}. */
public record ChannelInfo(
        @JsonProperty("channel") String channel,
        @JsonProperty("messages") Integer messages,
        @JsonProperty("unread") Integer unread,
        @JsonProperty("last_offset") Long lastOffset,
        @JsonProperty("last_at") String lastAt) {
    public ChannelInfo {
        Check.name("channel", channel);
        Check.conversationFigures(messages, unread, lastOffset, lastAt);
    }
}
