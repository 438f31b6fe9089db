package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;

/** Serves one client message type. Throw a {@code ProtocolException} to answer with an error. */
@FunctionalInterface
public interface Handler<M extends ClientMessage> {
    void handle(Client client, Envelope<ClientMessage> frame, M message);
}
