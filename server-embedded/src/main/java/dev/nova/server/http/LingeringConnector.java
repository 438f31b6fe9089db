package dev.nova.server.http;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

/**
 * A connector whose WebSocket connections close the way RFC 6455 asks: the server's close frame,
 * then the client's, then the TCP close. Jetty half-closes the socket as soon as it has written
 * its close frame; some clients (Node's built-in WebSocket, for one) then report 1006 and lose
 * the frames before it. Here the socket stays open for the client's close frame, which makes
 * Jetty close it; {@code Outbox} cuts it after a second if the client never answers.
 */
final class LingeringConnector extends ServerConnector {
    LingeringConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key)
            throws IOException {
        SocketChannelEndPoint endpoint = new SocketChannelEndPoint(channel, selector, key, getScheduler()) {
            @Override
            protected void doShutdownOutput() {
                if (!isWebSocket(getConnection())) {
                    super.doShutdownOutput();
                }
            }
        };
        endpoint.setIdleTimeout(getIdleTimeout());
        return endpoint;
    }

    private static boolean isWebSocket(Connection c) {
        if (c instanceof SslConnection ssl) {
            c = ssl.getSslEndPoint().getConnection();
        }
        return c instanceof WebSocketConnection;
    }
}
