package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.nova.protocol.CloseCode;
import dev.nova.server.config.Limits;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RawSocketClient;
import dev.nova.server.testing.RawSocketClient.Frame;
import dev.nova.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server-initiated close: the last frames, the close frame, then the TCP close only once the
 * client answered (or a second passed). Seen from a bare socket and from Node's built-in WebSocket,
 * which loses frames when a server half-closes TCP right after its close frame.
 */
class CleanCloseIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        // Many wrong keys from one address: keep each held answer short and let them run side by side.
        server = TestServer.start(dir, c -> c.withAuthTimeout(Duration.ofSeconds(2))
                .withLimits(Limits.local().withConnections(32, 1000, 20_000)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWrongKeyGetsAuthFailureThenCloseAndTheSocketStaysOpenUntilTheClientAnswersTheClose() throws IOException {
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            c.sendText(Frames.auth("nova_not_a_key"));
            Frame failure = c.next(Duration.ofSeconds(5));
            assertThat(failure.text()).contains("\"type\":\"auth_failure\"");
            Frame close = c.next(Duration.ofSeconds(5));
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(CloseCode.AUTH_FAILED.code());
            assertThat(c.next(Duration.ofMillis(300))).as("no TCP close before the client's close frame")
                    .isSameAs(RawSocketClient.TIMEOUT);
            c.sendClose(close.closeCode());
            assertThat(c.next(Duration.ofSeconds(5))).as("then the server closes TCP").isSameAs(RawSocketClient.EOF);
        }
    }

    @Test
    void aClientThatNeverAnswersTheCloseIsCutAboutASecondLater() throws IOException {
        try (RawSocketClient c = RawSocketClient.connect(server.server().port())) {
            c.sendText(Frames.auth("nova_not_a_key"));
            assertThat(c.nextClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(CloseCode.AUTH_FAILED.code());
            long closedAt = System.nanoTime();
            assertThat(c.next(Duration.ofSeconds(5))).isSameAs(RawSocketClient.EOF);
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).as("cut after the grace second, not at once")
                    .isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void nodesBuiltInWebSocketSeesAuthFailureThen4001InOneHundredOfOneHundredWrongKeyAttempts() throws Exception {
        assumeThat(nodeAvailable()).as("node (20+) on the PATH; .ci/run installs it").isTrue();
        Path script = Path.of("src/test/resources/node/wrong-keys.mjs").toAbsolutePath();
        Process p = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", script.toString(),
                server.aliasUri().toString(), "100", "20").redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the node client finishes").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(out).as("node's report").contains("\"attempts\":100,\"clean\":100,");
    }

    static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
                    && !new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("v1");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

}
