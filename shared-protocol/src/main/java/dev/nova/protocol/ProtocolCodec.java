package dev.nova.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns text frames into {@link Envelope}s and back, strictly as PROTOCOL.md says.
 *
 * <p>{@link #decode} is the one way in: every problem with a frame becomes a
 * {@link ProtocolException} with the protocol error code to answer with, and no other exception
 * ever leaves it, whatever the input. {@link #encode} is the one way out and always writes all
 * five envelope keys.
 *
 * <p>A server uses {@link #forServer()} (reads client frames, writes server frames); a client
 * uses {@link #forClient()}. Instances are immutable and thread-safe.
 */
public final class ProtocolCodec<I extends Message, O extends Message> {
    /** Largest frame a server accepts from a client, in UTF-8 bytes. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /**
     * Largest frame a client accepts from a server, in UTF-8 bytes: a server's answers hold what was
     * stored (a page of long answers, the sidebar of a person with a thousand threads), so they may
     * well pass the 64 KiB a client may send.
     */
    public static final int MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;
    /** Deepest nesting of objects and arrays accepted, the envelope itself included. */
    public static final int MAX_DEPTH = 32;

    private static final String KEYS = "type, timestamp, client_id, channel, data";
    private static final int TYPE = 1;
    private static final int TIMESTAMP = 2;
    private static final int CLIENT_ID = 4;
    private static final int CHANNEL = 8;
    private static final int DATA = 16;
    private static final int ALL_KEYS = 31;

    private static final ProtocolCodec<ClientMessage, ServerMessage> SERVER =
            new ProtocolCodec<>(MessageTypes.CLIENT, false, MAX_FRAME_BYTES);
    private static final ProtocolCodec<ServerMessage, ClientMessage> CLIENT =
            new ProtocolCodec<>(MessageTypes.SERVER, true, MAX_SERVER_FRAME_BYTES);

    private final MessageTypes<I> inbound;
    private final boolean inboundHasAllKeys;
    private final int maxFrameBytes;
    private final ObjectWriter writer = Json.MAPPER.writerFor(Envelope.class);

    private ProtocolCodec(MessageTypes<I> inbound, boolean inboundHasAllKeys, int maxFrameBytes) {
        this.inbound = inbound;
        this.inboundHasAllKeys = inboundHasAllKeys;
        this.maxFrameBytes = maxFrameBytes;
        inbound.all().values().forEach(RecordReader::of); // build the readers up front
    }

    /** The server side: decodes client frames, encodes server frames. */
    public static ProtocolCodec<ClientMessage, ServerMessage> forServer() {
        return SERVER;
    }

    /** The client side: decodes server frames, encodes client frames. */
    public static ProtocolCodec<ServerMessage, ClientMessage> forClient() {
        return CLIENT;
    }

    /**
     * Decodes one text frame.
     *
     * @throws ProtocolException for anything that is not a valid frame of this direction
     */
    public Envelope<I> decode(String frame) {
        if (frame == null) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "frame: empty");
        }
        checkSize(frame, maxFrameBytes);
        try (JsonParser p = Json.MAPPER.getFactory().createParser(frame)) {
            try {
                Envelope<I> envelope = readEnvelope(p);
                if (p.nextToken() != null) {
                    throw new ProtocolException(ErrorCode.INVALID_JSON, "frame: must hold exactly one JSON object");
                }
                return envelope;
            } catch (ProtocolException e) {
                throw syntaxErrorFirst(p, e);
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw Failures.translate(e, "");
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame: could not be read");
        }
    }

    /** Encodes one frame with all five envelope keys; the timestamp is stamped now when absent. */
    public String encode(Envelope<? extends O> envelope) {
        try {
            return writer.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    /** {@link #encode}, straight to UTF-8: what is written to a socket, encoded once for every receiver. */
    public byte[] encodeBytes(Envelope<? extends O> envelope) {
        try {
            return writer.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    private static void checkSize(String frame, int max) {
        int chars = frame.length();
        // A char is 1-3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars).
        if (chars > max || (chars * 3L > max && utf8Length(frame) > max)) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "frame: larger than " + max + " bytes");
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private Envelope<I> readEnvelope(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "frame: empty");
        }
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame: must be a JSON object");
        }
        int seen = 0;
        String typeName = null;
        Class<? extends I> type = null;
        Instant timestamp = null;
        String clientId = null;
        String channel = null;
        I data = null;
        TokenBuffer bufferedData = null;
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            int bit = bitOf(key);
            if (bit == 0) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, quote(key),
                        "unknown top-level key (allowed: " + KEYS + "; put extra fields inside data)");
            }
            if ((seen & bit) != 0) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, key, "appears twice");
            }
            seen |= bit;
            switch (bit) {
                case TYPE -> {
                    typeName = stringValue(p, value, "type", "must be a string");
                    type = inbound.classOf(typeName);
                }
                case TIMESTAMP -> {
                    String text = nullableString(p, value, "timestamp", Timestamps.RULE);
                    timestamp = text == null ? null : Timestamps.parse("timestamp", text);
                }
                case CLIENT_ID -> clientId = nullableName(p, value, "client_id");
                case CHANNEL -> channel = nullableName(p, value, "channel");
                default -> {
                    if (value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data", "must be an object");
                    }
                    if (type != null) {
                        data = readData(p, type);
                    } else {
                        bufferedData = new TokenBuffer(p);
                        bufferedData.copyCurrentStructure(p);
                    }
                }
            }
        }
        if (typeName == null) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "type", "required");
        }
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type",
                    "unknown message type '" + printable(typeName) + "' (known: "
                            + String.join(", ", inbound.all().keySet()) + ")");
        }
        if ((seen & DATA) == 0) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data", "required object");
        }
        if (inboundHasAllKeys && seen != ALL_KEYS) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, firstMissing(seen),
                    "required (server frames carry " + KEYS + ")");
        }
        if (inboundHasAllKeys && (timestamp == null || clientId == null)) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, timestamp == null ? "timestamp" : "client_id",
                    "must not be null in a server frame");
        }
        if (data == null) {
            data = readBuffered(bufferedData, type);
        }
        return new Envelope<>(timestamp, clientId, channel, data);
    }

    private I readData(JsonParser p, Class<? extends I> type) throws IOException {
        try {
            return RecordReader.of(type).read(p);
        } catch (ProtocolException e) {
            throw e.under("data");
        }
    }

    private I readBuffered(TokenBuffer buffered, Class<? extends I> type) throws IOException {
        try (JsonParser p = buffered.asParser()) {
            p.nextToken();
            return readData(p, type);
        }
    }

    private static int bitOf(String key) {
        return switch (key) {
            case "type" -> TYPE;
            case "timestamp" -> TIMESTAMP;
            case "client_id" -> CLIENT_ID;
            case "channel" -> CHANNEL;
            case "data" -> DATA;
            default -> 0;
        };
    }

    private static String firstMissing(int seen) {
        if ((seen & TIMESTAMP) == 0) {
            return "timestamp";
        }
        return (seen & CLIENT_ID) == 0 ? "client_id" : "channel";
    }

    private static String stringValue(JsonParser p, JsonToken value, String key, String rule) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, key, rule);
        }
        return p.getText();
    }

    private static String nullableString(JsonParser p, JsonToken value, String key, String rule) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : stringValue(p, value, key, rule);
    }

    /** The value is checked as a name by the {@link Envelope} constructor. */
    private static String nullableName(JsonParser p, JsonToken value, String key) throws IOException {
        return nullableString(p, value, key, Check.NAME_RULE + " or null");
    }

    /**
     * A frame can break a rule early and be malformed JSON later; malformed JSON is the answer
     * then, whatever the order in which the reader met the two.
     */
    private static ProtocolException syntaxErrorFirst(JsonParser p, ProtocolException found) {
        if (found.code() == ErrorCode.INVALID_JSON) {
            return found;
        }
        try {
            while (p.nextToken() != null) {
                // read on to the end only to find out whether the rest is well-formed
            }
            return found;
        } catch (JsonProcessingException e) {
            ProtocolException syntax = Failures.translate(e, "");
            return syntax.code() == ErrorCode.INVALID_JSON ? syntax : found;
        } catch (IOException | RuntimeException e) {
            return found;
        }
    }

    private static String quote(String key) {
        return "'" + printable(key) + "'";
    }

    /** At most 64 characters of untrusted text, for error messages. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
