package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.protocol.ServerMessage;
import dev.nova.server.config.Tls;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RawSocketClient;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// and https:// with a self-signed certificate (PEM files or a PKCS12 keystore); the origin allow-list. */
class TlsAndOriginIT {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path certs;
    static Path keystore;
    static Path certPem;
    static Path keyPem;
    static HttpClient trusting;

    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool, also written out as PEM. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keystore = certs.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "nova", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool made a certificate").isTrue();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate("nova");
        certPem = certs.resolve("cert.pem");
        keyPem = certs.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("nova", PASSWORD.toCharArray()).getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("nova", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        trusting = HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void pemCertificateAndKeyServeWssAndHttps() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.withTls(new Tls(certPem, keyPem, null, null)))) {
            roundTrip(server);
        }
    }

    @Test
    void aPkcs12KeystoreServesWssToo() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.withTls(new Tls(null, null, keystore, PASSWORD)))) {
            roundTrip(server);
            assertThatThrownBy(() -> RawSocketClient.connect(server.server().port()))
                    .as("plain ws:// to a TLS port gets no WebSocket");
        }
    }

    private static void roundTrip(TestServer server) throws Exception {
        int port = server.server().port();
        String key = server.key("alice");
        try (WsTestClient c = WsTestClient.connect(URI.create("wss://127.0.0.1:" + port + "/ws"), trusting)) {
            c.send(Frames.auth(key));
            assertThat(c.next(ServerMessage.ConnectionSuccess.class).clientId()).isEqualTo("alice");
            c.send(Frames.ping()).next(ServerMessage.Pong.class);
        }
        HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void withAnOriginAllowListBrowsersFromOtherOriginsAreRefusedAndNonBrowserClientsStillConnect() throws Exception {
        try (TestServer server = TestServer.start(dir,
                c -> c.withAllowedOrigins(List.of("https://nova.example.com")))) {
            int port = server.server().port();
            try (RawSocketClient allowed = RawSocketClient.connect(port, "/ws", 0, "https://nova.example.com")) {
                allowed.sendText(Frames.ping());
                assertThat(allowed.next(java.time.Duration.ofSeconds(5)).text()).contains("pong");
            }
            assertThatThrownBy(() -> RawSocketClient.connect(port, "/ws", 0, "https://evil.example.net"))
                    .hasMessageContaining("403");
            try (RawSocketClient noOrigin = RawSocketClient.connect(port)) { // scripts, agents, the desktop
                noOrigin.sendText(Frames.ping());
                assertThat(noOrigin.next(java.time.Duration.ofSeconds(5)).text()).contains("pong");
            }
        }
    }
}
