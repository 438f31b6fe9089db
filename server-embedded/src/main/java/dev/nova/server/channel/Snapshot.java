package dev.nova.server.channel;

import dev.nova.server.ws.Client;

/**
 * A live channel ({@code tasks}, {@code agent-status}): it keeps no history; a subscriber first
 * gets the current state, then every change. The implementation sends the state and calls
 * {@code join} under the same lock it publishes changes under, so nothing falls in between.
 */
public interface Snapshot {
    void sendAndJoin(Client c, Runnable join);
}
