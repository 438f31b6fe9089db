package dev.nova.protocol;

/** WebSocket close codes used by Nova, with whether a client should reconnect after them. */
public enum CloseCode {
    NORMAL(1000, true),
    GOING_AWAY(1001, true),
    TOO_LARGE(1009, false),
    /** A connection limit was reached (server, address or identity): try again later. */
    TRY_AGAIN_LATER(1013, true),
    AUTH_FAILED(4001, false),
    AUTH_TIMEOUT(4002, true),
    SLOW_CONSUMER(4008, true),
    RATE_LIMITED(4029, true),
    /** Too many malformed or forbidden frames: a client may come back (with backoff), its count starts again. */
    PROTOCOL_VIOLATIONS(4400, true);

    private final int code;
    private final boolean reconnect;

    CloseCode(int code, boolean reconnect) {
        this.code = code;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    /** Whether a client should try again after the server closed with this code. */
    public boolean reconnect() {
        return reconnect;
    }

    /** The close code with this number, or {@code null} when Nova does not define it. */
    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
