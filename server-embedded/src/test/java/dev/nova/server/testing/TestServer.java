package dev.nova.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.Limits;
import dev.nova.server.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real Nova server on a free port over a real SQLite file in a temporary directory. */
public final class TestServer implements AutoCloseable {
    private final NovaServer server;
    private final Path dataDir;

    private TestServer(NovaServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * A config for tests: a free port, this data directory, an LM Studio URL where nothing listens,
     * and the rate limit out of the way (tests send far faster than people; the limit's own tests set it).
     */
    public static ServerConfig config(Path dataDir) {
        ServerConfig c = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withHeartbeat(Duration.ofSeconds(5))
                .withTemplatesDir(dataDir.resolve("templates")).withLimits(Limits.local())
                .withTools(dev.nova.server.config.ToolSettings.defaults().withMcpConfig(dataDir.resolve("mcp.json")));
        return c.withLlm(c.llm().withBaseUrl(URI.create("http://127.0.0.1:" + unusedPort() + "/v1")));
    }

    /** A config tweak pointing the server at this LM Studio URL, with these timeouts for first byte and idle. */
    public static UnaryOperator<ServerConfig> llm(URI url, Duration timeouts) {
        return c -> c.withLlm(c.llm().withBaseUrl(url).withTimeouts(timeouts, timeouts));
    }

    /** A port nothing listens on: connections to it are refused at once. */
    public static int unusedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, UnaryOperator.identity());
    }

    public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> tweak) {
        return new TestServer(NovaServer.start(tweak.apply(config(dataDir))), dataDir);
    }

    /** A server over {@code store} (it then owns it), e.g. one node of a team on Redis. */
    public static TestServer start(Path dataDir, dev.nova.server.store.Store store) {
        return start(dataDir, store, UnaryOperator.identity());
    }

    /** A server over {@code store} (it then owns it) with a config tweak. */
    public static TestServer start(Path dataDir, dev.nova.server.store.Store store, UnaryOperator<ServerConfig> tweak) {
        return new TestServer(NovaServer.start(tweak.apply(config(dataDir)), store, java.time.Clock.systemUTC()), dataDir);
    }

    public NovaServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String key(String name) {
        return key(name, Role.USER);
    }

    public String key(String name, Role role) {
        return server.keys().create(name, role);
    }

    public URI uri(String clientId) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/api/nova/ws/" + clientId);
    }

    public URI aliasUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    public WsTestClient connect(String clientId) {
        return WsTestClient.connect(uri(clientId));
    }

    /** Connects as a new identity with a fresh key and authenticates. */
    public WsTestClient login(String name) {
        return login(name, key(name));
    }

    public WsTestClient login(String name, String key) {
        WsTestClient c = connect(name);
        c.send(Frames.auth(key));
        ServerMessage.ConnectionSuccess ok = c.next(ServerMessage.ConnectionSuccess.class);
        assertThat(ok.clientId()).isEqualTo(name);
        return c;
    }

    @Override
    public void close() {
        server.close();
    }
}
