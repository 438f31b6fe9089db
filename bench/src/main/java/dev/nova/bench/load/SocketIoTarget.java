package dev.nova.bench.load;

import java.net.URI;
import java.util.List;

/**
 * Socket.IO 4 over a plain WebSocket (Engine.IO v4): {@code 40} connects to the default namespace,
 * {@code 42[event, data]} carries events, the server's {@code 2} ping wants a {@code 3}. The
 * peer ({@code bench/peers/socketio-peer.js}) serves {@code join} and {@code publish}.
 */
final class SocketIoTarget implements Target {
    private final URI uri;

    SocketIoTarget(URI base) {
        String s = base.toString();
        this.uri = URI.create(s.contains("/socket.io/") ? s
                : s.replaceAll("/+$", "") + "/socket.io/?EIO=4&transport=websocket");
    }

    @Override
    public String name() {
        return "Socket.IO";
    }

    @Override
    public URI uri(int index) {
        return uri;
    }

    @Override
    public List<String> greet(int index) {
        return List.of("40");
    }

    @Override
    public boolean ready(String frame) {
        return frame.startsWith("40");
    }

    @Override
    public String join(String room) {
        return "42[\"join\",\"" + room + "\"]";
    }

    @Override
    public boolean joined(String frame, String room) {
        return frame.equals("42[\"joined\",\"" + room + "\"]");
    }

    @Override
    public String publish(String room, String content) {
        return "42[\"publish\",{\"room\":\"" + room + "\",\"content\":\"" + content + "\"}]";
    }

    @Override
    public String answer(String frame) {
        return frame.equals("2") ? "3" : null;
    }

    @Override
    public String keepAlive() {
        return null;
    }

    @Override
    public boolean refusal(String frame) {
        return frame.startsWith("44");
    }
}
