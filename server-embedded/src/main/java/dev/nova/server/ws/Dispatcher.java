package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import java.util.HashMap;
import java.util.Map;

/** A map from message type to its handler. The table is built in one place: {@code Hub}. */
public final class Dispatcher {
    private final Map<Class<?>, Handler<?>> handlers = new HashMap<>();

    public <M extends ClientMessage> Dispatcher on(Class<M> type, Handler<M> handler) {
        if (handlers.put(type, handler) != null) {
            throw new IllegalStateException("two handlers for " + type.getSimpleName());
        }
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void dispatch(Connection connection, Envelope<ClientMessage> frame) {
        Handler handler = handlers.get(frame.data().getClass());
        if (handler == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type",
                    "'" + frame.type() + "' is not served by this server");
        }
        handler.handle(connection, frame, frame.data());
    }
}
