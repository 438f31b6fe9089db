package dev.nova.server.ws;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import java.nio.ByteBuffer;

/**
 * A server frame encoded once, in UTF-8, for any number of receivers: a fan-out to a thousand
 * connections encodes one frame and hands the same bytes to every socket.
 */
public final class OutFrame {
    private final byte[] utf8;
    private final String type;
    private final long madeNanos;

    private OutFrame(byte[] utf8, String type, long madeNanos) {
        this.utf8 = utf8;
        this.type = type;
        this.madeNanos = madeNanos;
    }

    public static OutFrame of(Envelope<? extends ServerMessage> envelope) {
        return of(envelope, System.nanoTime());
    }

    /** A frame whose delivery latency is counted from {@code sinceNanos} (when its cause arrived). */
    public static OutFrame of(Envelope<? extends ServerMessage> envelope, long sinceNanos) {
        return new OutFrame(ProtocolCodec.forServer().encodeBytes(envelope), envelope.type(), sinceNanos);
    }

    /** A frame already encoded elsewhere (another node), of type {@code type}. */
    public static OutFrame ofText(String json, String type) {
        return new OutFrame(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type, System.nanoTime());
    }

    /** The bytes as a buffer of its own (each socket write moves a buffer's position). */
    ByteBuffer payload() {
        return ByteBuffer.wrap(utf8);
    }

    public int size() {
        return utf8.length;
    }

    public String type() {
        return type;
    }

    long madeNanos() {
        return madeNanos;
    }

    /** The frame as text, for tests and logs of the protocol (never of message content at INFO). */
    public String text() {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
}
