package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One message found, with {@code snippet}: its text around the first match. One of
 * {@link ServerMessage.Search}. */
public record SearchHit(
        @JsonProperty("channel") String channel,
        @JsonProperty("thread_id") String threadId,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("offset") Long offset,
        @JsonProperty("sender") String sender,
        @JsonProperty("snippet") String snippet,
        @JsonProperty("created_at") String createdAt) {
    public SearchHit {
        Check.optionalName("channel", channel);
        Check.name("thread_id", threadId);
        Check.name("message_id", messageId);
        Check.atLeast("offset", offset, 0);
        Check.name("sender", sender);
        Check.text("snippet", snippet);
        Timestamps.checkOptional("created_at", createdAt);
    }
}
