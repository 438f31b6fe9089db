package dev.nova.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One frame: {@code type, timestamp, client_id, channel, data}. The type is the data's type.
 *
 * <p>In frames from clients {@code timestamp} and {@code client_id} may be null (absent); frames
 * from servers always carry both. {@code channel} is null when the frame has none.
 */
public record Envelope<M extends Message>(Instant timestamp, String clientId, String channel, M data) {
    public Envelope {
        Objects.requireNonNull(data, "data");
        Check.optionalName("client_id", clientId);
        Check.optionalName("channel", channel);
    }

    public static <M extends Message> Envelope<M> of(String clientId, String channel, M data) {
        return new Envelope<>(Instant.now(), clientId, channel, data);
    }

    /** The wire {@code type}, e.g. {@code chat_message}. */
    public String type() {
        return data.type();
    }

    /** The same frame with another timestamp (a server stamps receive time on client frames). */
    public Envelope<M> withTimestamp(Instant at) {
        return new Envelope<>(at, clientId, channel, data);
    }
}
