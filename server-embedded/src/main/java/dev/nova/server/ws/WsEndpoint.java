package dev.nova.server.ws;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds one WebSocket's events, from Jetty's own WebSocket server, to the {@link Hub}: one small
 * listener per socket, holding only its {@link Connection} (the upgrade request is not kept).
 */
public final class WsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);

    private final Hub hub;

    public WsEndpoint(Hub hub) {
        this.hub = hub;
    }

    /** The listener of a socket just upgraded; {@code requestedClientId} from its path, or null. */
    public Session.Listener.AutoDemanding listener(String requestedClientId) {
        return new Listener(hub, requestedClientId);
    }

    /** Public: Jetty calls its methods through method handles. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private final Hub hub;
        private String requestedClientId;
        private Connection c;

        Listener(Hub hub, String requestedClientId) {
            this.hub = hub;
            this.requestedClientId = requestedClientId;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            c = hub.opened(session, requestedClientId);
            requestedClientId = null;
            log.debug("{} connected from {}", c.sessionId(), c.address());
        }

        @Override
        public void onWebSocketText(String message) {
            if (c != null) {
                hub.received(c, message);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
            if (c != null) {
                hub.receivedBinary(c);
            }
        }

        /** A pong to the heartbeat's ping: the client is alive, though it had nothing to say. */
        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            if (c != null) {
                c.heard();
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            if (c != null) {
                hub.closed(c);
                log.debug("{} closed: {} {}", c.sessionId(), status, reason);
            }
        }

        @Override
        public void onWebSocketError(Throwable error) {
            log.debug("{} error: {}", c, String.valueOf(error));
        }
    }
}
