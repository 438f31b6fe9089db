package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RawSocketClient;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, c -> c.withHeartbeat(Duration.ofSeconds(1)).withAuthTimeout(Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPeerThatPingsStaysConnectedPastTheSilenceLimit() {
        try (WsTestClient c = server.login("alive")) {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // well past 3 heartbeats
            while (System.nanoTime() < until) {
                c.send(Frames.ping());
                c.next(ServerMessage.Pong.class);
                assertThat(c.isClosed()).isFalse();
            }
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void anAuthenticatedClientThatFallsSilentIsDroppedWith1001() throws Exception {
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            c.sendText(Frames.auth(server.key("quiet")));
            assertThat(c.next(Duration.ofSeconds(5)).text()).contains("connection_success");
            // reads the server's pings but answers none of them
            assertThat(c.nextClose(Duration.ofSeconds(15)).closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void aClientThatOnlyAnswersTheServersPingsStaysConnected() throws Exception {
        // What a browser or Node's ws does when it has nothing to say: pong to each ping, nothing else.
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            c.sendText(Frames.auth(server.key("listening")));
            assertThat(c.next(Duration.ofSeconds(5)).text()).contains("connection_success");
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos(); // twice the silence limit
            int pings = 0;
            while (System.nanoTime() < until) {
                RawSocketClient.Frame f = c.next(Duration.ofMillis(200));
                assertThat(f.opcode()).as("no close, no end of the connection").isNotIn(0x8, RawSocketClient.EOF.opcode());
                if (f.opcode() == 0x9) {
                    pings++;
                    c.sendPong(f.payload());
                }
            }
            assertThat(pings).as("a ping each heartbeat (1 s)").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aSilentPeerIsDroppedAfterThreeHeartbeats() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.server().port())) {
            OutputStream out = raw.getOutputStream();
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            raw.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            InputStream in = raw.getInputStream();
            // Read (and never answer) whatever comes - the 101, pings - until the server hangs up.
            long start = System.nanoTime();
            byte[] buf = new byte[512];
            while (in.read(buf) >= 0) {
                // a silent peer reads but never writes
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void theServerSendsAWebSocketPingEveryHeartbeat() throws Exception {
        try (RawSocketClient c = RawSocketClient.connect(
                server.server().port())) {
            c.sendText(Frames.auth(server.key("listener")));
            assertThat(c.next(Duration.ofSeconds(5)).text()).contains("connection_success");
            assertThat(c.next(Duration.ofSeconds(10)).opcode()).as("a ping frame (one each heartbeat, 1 s)").isEqualTo(0x9);
        }
    }
}
