package dev.nova.server.ws;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * An {@link Outbox}'s writes through Jetty's WebSocket core: frames whose bytes were encoded once
 * (Jetty's own {@code sendText} would encode the string again for every receiver), and batching,
 * so consecutive frames leave in one socket write.
 */
final class JettySink implements Outbox.Sink {
    private final Session session;
    private final CoreSession core;

    JettySink(Session session) {
        this.session = session;
        this.core = ((WebSocketSession) session).getCoreSession();
    }

    @Override
    public void write(ByteBuffer payload, boolean more, Outbox.Done done) {
        core.sendFrame(new Frame(OpCode.TEXT, payload), org.eclipse.jetty.util.Callback.from(done::succeeded, done::failed),
                more);
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    @Override
    public void ping() {
        session.sendPing(ByteBuffer.allocate(0), org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    @Override
    public void disconnect() {
        session.disconnect();
    }
}
