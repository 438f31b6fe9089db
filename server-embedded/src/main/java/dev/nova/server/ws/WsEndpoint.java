package dev.nova.server.ws;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds Javalin's WebSocket events to the {@link Hub}. */
public final class WsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
    private static final String CONNECTION = "nova.connection";

    private final Hub hub;

    public WsEndpoint(Hub hub) {
        this.hub = hub;
    }

    /** Configures one endpoint; {@code withClientId} when its path has a {@code {client_id}} parameter. */
    public void configure(WsConfig ws, boolean withClientId) {
        ws.onConnect(ctx -> {
            String requested = withClientId ? ctx.pathParam("client_id") : null;
            Connection c = hub.opened(ctx.session, requested);
            ctx.attribute(CONNECTION, c);
            log.debug("{} connected from {}", c.sessionId(), c.address());
        });
        ws.onMessage(ctx -> {
            Connection c = connection(ctx);
            if (c != null) {
                hub.received(c, ctx.message());
            }
        });
        ws.onBinaryMessage(ctx -> {
            Connection c = connection(ctx);
            if (c != null) {
                hub.receivedBinary(c);
            }
        });
        ws.onClose(ctx -> {
            Connection c = connection(ctx);
            if (c != null) {
                hub.closed(c);
                log.debug("{} closed: {} {}", c.sessionId(), ctx.status(), ctx.reason());
            }
        });
        ws.onError(ctx -> {
            Connection c = connection(ctx);
            log.debug("{} error: {}", c, String.valueOf(ctx.error()));
        });
    }

    private static Connection connection(WsContext ctx) {
        return ctx.attribute(CONNECTION);
    }
}
