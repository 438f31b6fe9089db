package dev.nova.protocol;

/**
 * The {@code data} of a frame. Each direction is a closed family: {@link ClientMessage} for what
 * clients send, {@link ServerMessage} for what servers send. The wire {@code type} of a message
 * is the {@code @JsonTypeName} of its record.
 */
public sealed interface Message permits ClientMessage, ServerMessage {
    /** The wire {@code type} of this message, e.g. {@code chat_message}. */
    default String type() {
        return MessageTypes.nameOf(getClass());
    }
}
