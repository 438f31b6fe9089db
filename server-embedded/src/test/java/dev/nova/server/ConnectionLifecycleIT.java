package dev.nova.server;

import dev.nova.server.config.ServerInfo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionLifecycleIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, c -> c.withAuthTimeout(Duration.ofMillis(800)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void authWithAValidKeyGetsConnectionSuccess() {
        String key = server.key("test-client");
        try (WsTestClient c = server.connect("test-client")) {
            c.send("{\"type\":\"auth\",\"timestamp\":\"2025-01-20T12:34:56.789123\",\"client_id\":\"test-client\","
                    + "\"data\":{\"api_key\":\"" + key + "\"}}");
            var e = c.next();
            assertThat(e.type()).isEqualTo("connection_success");
            var ok = (ServerMessage.ConnectionSuccess) e.data();
            assertThat(ok.clientId()).isEqualTo("test-client");
            assertThat(ok.protocol()).isEqualTo(1);
            assertThat(ok.heartbeatS()).isEqualTo(5);
            assertThat(ok.serverVersion()).isEqualTo(ServerInfo.version());
            assertThat(e.clientId()).isEqualTo("test-client");
        }
    }

    @Test
    void theWsAliasTakesTheIdentityFromTheKey() {
        String key = server.key("alice");
        try (WsTestClient c = WsTestClient.connect(server.aliasUri())) {
            c.send(Frames.auth(key));
            assertThat(c.next(ServerMessage.ConnectionSuccess.class).clientId()).isEqualTo("alice");
        }
    }

    @Test
    void aWrongKeyGetsAuthFailureAndClose4001() {
        server.key("test-client");
        try (WsTestClient c = server.connect("test-client")) {
            c.send(Frames.auth("nova_not-a-real-key"));
            assertThat(c.next(ServerMessage.AuthFailure.class).reason()).isEqualTo("invalid api key");
            assertThat(c.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
        }
    }

    @Test
    void aKeyUsedForAnotherClientIdIsRefused() {
        String key = server.key("alice");
        try (WsTestClient c = server.connect("mallory")) {
            c.send(Frames.auth(key));
            assertThat(c.next(ServerMessage.AuthFailure.class).reason()).contains("does not match");
            assertThat(c.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
        }
    }

    @Test
    void noAuthWithinTheTimeoutClosesWith4002() {
        try (WsTestClient c = server.connect("slow")) {
            assertThat(c.awaitClose()).isEqualTo(CloseCode.AUTH_TIMEOUT.code());
        }
    }

    @Test
    void beforeAuthOnlyAuthAndPingAreServed() {
        try (WsTestClient c = server.connect("early")) {
            c.send(Frames.subscribe("general"));
            var error = c.next(ServerMessage.Error.class);
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_AUTHENTICATED);
            assertThat(error.refType()).isEqualTo("subscribe");
            c.send(Frames.ping());
            c.next(ServerMessage.Pong.class);
        }
    }

    @Test
    void everyBadInputGetsItsCodeAndTheConnectionKeepsWorking() {
        try (WsTestClient c = server.login("bob")) {
            assertError(c, "{not json", ErrorCode.INVALID_JSON);
            assertError(c, "{\"type\":\"ping\",\"data\":{},\"extra\":1}", ErrorCode.INVALID_MESSAGE);
            assertError(c, "{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{\"content\":42}}",
                    ErrorCode.INVALID_MESSAGE);
            assertError(c, "{\"type\":\"launch_rockets\",\"data\":{}}", ErrorCode.UNKNOWN_TYPE);
            assertError(c, Frames.chat("general", "x".repeat(70_000)), ErrorCode.TOO_LARGE);
            assertError(c, "{\"type\":\"ping\",\"client_id\":\"alice\",\"data\":{}}", ErrorCode.FORBIDDEN);
            assertError(c, Frames.subscribe("private:alice-notes"), ErrorCode.FORBIDDEN);
            assertError(c, Frames.subscribe("bad channel"), ErrorCode.INVALID_MESSAGE);
            c.send(Frames.ping());
            c.next(ServerMessage.Pong.class);
        }
    }

    @Test
    void aClientThatKeepsBreakingTheProtocolIsClosedWith4400() {
        try (WsTestClient c = server.login("noisy")) {
            // One more than tolerated, and no more: nothing is written after the server closes.
            for (int i = 0; i <= dev.nova.server.ws.Connection.MAX_VIOLATIONS; i++) {
                c.send("{oops");
            }
            assertThat(c.awaitClose()).isEqualTo(CloseCode.PROTOCOL_VIOLATIONS.code());
        }
    }

    @Test
    void wellFormedRequestsThatTheStateOfThingsRefusesAreNoViolations() {
        try (WsTestClient c = server.login("racy")) {
            // many more than the violations tolerated: stops crossing an answer's end, answers gone meanwhile
            for (int i = 0; i <= 2 * dev.nova.server.ws.Connection.MAX_VIOLATIONS; i++) {
                c.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"answer-m-" + i + "\"}}");
                c.send("{\"type\":\"regenerate\",\"data\":{\"message_id\":\"m-gone-" + i + "\"}}");
                assertThat(c.next(ServerMessage.Error.class).code()).as("the stop says nothing; the regenerate is not found")
                        .isEqualTo(ErrorCode.NOT_FOUND);
            }
            c.send(Frames.ping());
            c.next(ServerMessage.Pong.class); // still open
        }
    }

    @Test
    void aFrameBeyondTheTransportLimitClosesWith1009() throws Exception {
        // A raw socket announces a 2 MiB text frame, sends one byte more than the server accepts,
        // then listens: the server must answer with a close frame 1009 without waiting for the
        // rest. (A real client still busy writing the rest may see its connection reset instead.)
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.server().port())) {
            raw.setSoTimeout(10_000);
            var out = raw.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = new java.io.DataInputStream(raw.getInputStream());
            String line;
            do {
                line = readLine(in);
            } while (!line.isEmpty());
            long length = 2L * 1024 * 1024;
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(14);
            header.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(length).putInt(0x01020304);
            out.write(header.array());
            out.write(new byte[(int) dev.nova.server.http.WebServer.MAX_TRANSPORT_MESSAGE + 1]);
            out.flush();
            int first = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7F;
            assertThat(first & 0x0F).as("a close frame").isEqualTo(0x8);
            assertThat(len).isGreaterThanOrEqualTo(2);
            assertThat(in.readUnsignedShort()).isEqualTo(CloseCode.TOO_LARGE.code());
        }
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void errorsNeverCarryAStackTrace() {
        try (WsTestClient c = server.login("bob")) {
            c.send("{\"type\":\"history\",\"data\":{\"before\":" + "9".repeat(80) + "}}");
            String raw = c.nextRaw();
            assertThat(raw).contains("\"code\":\"invalid_message\"").doesNotContain("Exception", "at dev.", "at com.");
        }
    }

    @Test
    void aRevokedKeysOpenConnectionsAreClosed() {
        try (WsTestClient c = server.login("temp")) {
            assertThat(server.server().revokeKey("temp")).isTrue();
            assertThat(c.next(ServerMessage.AuthFailure.class).reason()).isEqualTo("key revoked");
            assertThat(c.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
        }
    }

    @Test
    void aKeyRevokedByAnotherProcessIsNoticedToo() {
        try (WsTestClient c = server.login("temp")) {
            // as `nova-server keys revoke` would: straight in the store, not through the hub
            server.server().store().keys().revokeKey("temp", java.time.Instant.now());
            assertThat(c.next(ServerMessage.AuthFailure.class).reason()).isEqualTo("key revoked");
            assertThat(c.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
        }
    }

    @Test
    void gracefulShutdownFlushesAndClosesWith1001() {
        WsTestClient a = server.login("a");
        WsTestClient b = server.login("b");
        a.send(Frames.subscribe("general"));
        a.next(ServerMessage.SubscriptionSuccess.class);
        server.close();
        assertThat(a.awaitClose()).isEqualTo(CloseCode.GOING_AWAY.code());
        assertThat(b.awaitClose()).isEqualTo(CloseCode.GOING_AWAY.code());
    }

    @Test
    void healthReportsStatusStoreAndVersion() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server().port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"", "\"kind\":\"sqlite\"", "\"version\":\"" + ServerInfo.version());
    }

    private static void assertError(WsTestClient c, String frame, ErrorCode code) {
        c.send(frame);
        var error = c.next(ServerMessage.Error.class);
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
    }
}
