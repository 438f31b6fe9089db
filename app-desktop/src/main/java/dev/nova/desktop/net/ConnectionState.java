package dev.nova.desktop.net;

/** Where a {@link NovaClient} is in its life. */
public enum ConnectionState {
    /** Not started, or closed on purpose. */
    DISCONNECTED,
    /** Opening the WebSocket. */
    CONNECTING,
    /** Open; waiting for {@code connection_success}. */
    AUTHENTICATING,
    /** Authenticated: messages flow. */
    CONNECTED,
    /** Lost the connection; trying again after a delay. */
    RECONNECTING,
    /** Gave up for good: the key was refused. Only a new key helps. */
    FAILED
}
