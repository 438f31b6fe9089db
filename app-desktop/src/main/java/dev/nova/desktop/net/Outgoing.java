package dev.nova.desktop.net;

import dev.nova.protocol.ClientMessage;

/** Where view models send messages: the {@link NovaClient}. */
@FunctionalInterface
public interface Outgoing {
    void send(String channel, ClientMessage message);
}
