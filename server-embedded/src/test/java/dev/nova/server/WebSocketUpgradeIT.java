package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket upgrade as a client sees it, on a real socket: the two endpoints, compression
 * offered but left out unless the server is configured for it, an unknown path refused.
 */
class WebSocketUpgradeIT {
    @TempDir
    Path dir;

    /** The status line and headers of the answer to an upgrade of {@code path}, lower-cased names. */
    static List<String> upgrade(int port, String path, String extraHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    String l = line.toString().strip();
                    if (l.isEmpty()) {
                        break;
                    }
                    lines.add(lines.isEmpty() ? l : l.toLowerCase(Locale.ROOT));
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            return lines;
        }
    }

    @Test
    void compressionOfferedIsLeftOutByDefaultAndTakenWhenConfigured() throws IOException {
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
        try (TestServer server = TestServer.start(dir.resolve("plain"))) {
            List<String> answer = upgrade(server.server().port(), "/ws", offer);
            assertThat(answer.get(0)).startsWith("HTTP/1.1 101");
            assertThat(answer).noneMatch(h -> h.startsWith("sec-websocket-extensions"));
        }
        try (TestServer server = TestServer.start(dir.resolve("deflate"), c -> c.withCompression(true))) {
            List<String> answer = upgrade(server.server().port(), "/api/nova/ws/alice", offer);
            assertThat(answer.get(0)).startsWith("HTTP/1.1 101");
            assertThat(answer).anyMatch(h -> h.startsWith("sec-websocket-extensions") && h.contains("permessage-deflate"));
        }
    }

    @Test
    void onlyNovasPathsUpgrade() throws IOException {
        try (TestServer server = TestServer.start(dir)) {
            assertThat(upgrade(server.server().port(), "/api/nova/ws/alice", "").get(0)).startsWith("HTTP/1.1 101");
            assertThat(upgrade(server.server().port(), "/api/nova/ws/", "").get(0)).doesNotStartWith("HTTP/1.1 101");
            assertThat(upgrade(server.server().port(), "/api/nova/ws/a/b", "").get(0)).doesNotStartWith("HTTP/1.1 101");
            assertThat(upgrade(server.server().port(), "/elsewhere", "").get(0)).doesNotStartWith("HTTP/1.1 101");
        }
    }
}
