package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import java.util.concurrent.CompletionStage;

/**
 * Serves one client message type with work that finishes later (a store's round trip), so the
 * connection's thread goes on at once. The returned stage failing is answered as a {@link Handler}
 * throwing would be; null means the work is already done. What runs when the stage completes runs
 * on the store's thread and must not block.
 */
@FunctionalInterface
public interface AsyncHandler<M extends ClientMessage> {
    CompletionStage<?> handle(Client client, Envelope<ClientMessage> frame, M message);
}
