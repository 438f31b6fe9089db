package dev.nova.server.ws;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.identity.Identity;
import java.time.Duration;
import java.util.Set;

/**
 * A connected client as the features see it: who it is, and what can be sent to it. The transport's
 * own {@link Connection} is behind it; features never see the socket, the rate limit or the outbox.
 */
public interface Client {

    /** Who authenticated on it; null before. */
    Identity identity();

    /** The identity this client's frames are about: its name, or what it asked to be. */
    String clientId();

    /** The channels it is subscribed to (the channel feature keeps this set). */
    Set<String> channels();

    /** Sends one message to this client only. */
    void send(String channel, ServerMessage message);

    /** Queues a frame encoded once for many receivers. */
    void sendFrame(OutFrame frame);

    /**
     * Queues a piece of a streamed answer; pieces of one answer merge only while the previous one
     * still waits to be written (the client is behind).
     */
    void sendChunk(String channel, String requestId, String taskId, String agentId, String content, String reasoning);

    /**
     * Registers a running stream under its request id, to be stopped by {@code llm_cancel} or when
     * the client goes; false when that id is already streaming.
     */
    boolean startStream(String requestId, Runnable cancel);

    void endStream(String requestId);

    /** Stops the stream with this id; false when there is none. */
    boolean cancelStream(String requestId);

    /** Whether it is closing or closed. */
    boolean closing();

    /**
     * Waits, up to {@code within}, until {@code bytes} more fit in the first half of its send
     * queue, so a sender of many frames (a recovery's replay) goes at the reader's pace. False when
     * it is closing or did not make room in time.
     */
    boolean awaitRoom(long bytes, Duration within);

    /** Writes what is queued, then closes with {@code code}. */
    void close(CloseCode code, String reason);
}
