package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A map from message type to its handler. The table is built in one place, the server's composition
 * root ({@code dev.nova.server.Features}); the hub only looks handlers up.
 */
public final class Dispatcher {
    private final Map<Class<?>, AsyncHandler<?>> handlers = new HashMap<>();
    private final Map<Class<? extends RuntimeException>, String> unavailable = new HashMap<>();

    public <M extends ClientMessage> Dispatcher on(Class<M> type, Handler<M> handler) {
        return onAsync(type, (c, frame, m) -> {
            handler.handle(c, frame, m);
            return null;
        });
    }

    /** A handler whose work finishes later ({@link AsyncHandler}). */
    public <M extends ClientMessage> Dispatcher onAsync(Class<M> type, AsyncHandler<M> handler) {
        if (handlers.put(type, handler) != null) {
            throw new IllegalStateException("two handlers for " + type.getSimpleName());
        }
        return this;
    }

    /**
     * A handler failing with {@code failure} (e.g. the store's exception when Redis is away) means
     * a part of the server is {@code away} ("the server's store is not reachable"), not a bug: the
     * client is told so, and it is logged as a warning.
     */
    public Dispatcher unavailableOn(Class<? extends RuntimeException> failure, String away) {
        unavailable.put(failure, away);
        return this;
    }

    /** What is away when a handler failed with {@code e}, or null for a failure of another kind. */
    String unavailable(RuntimeException e) {
        for (Map.Entry<Class<? extends RuntimeException>, String> u : unavailable.entrySet()) {
            if (u.getKey().isInstance(e)) {
                return u.getValue();
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    /** Runs the frame's handler; returns its work still under way, or null when it is done. */
    CompletionStage<?> dispatch(Client client, Envelope<ClientMessage> frame) {
        AsyncHandler handler = handlers.get(frame.data().getClass());
        if (handler == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type",
                    "'" + frame.type() + "' is not served by this server");
        }
        return handler.handle(client, frame, frame.data());
    }
}
