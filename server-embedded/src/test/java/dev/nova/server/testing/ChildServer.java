package dev.nova.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code nova-server serve} in a child JVM, for what only a real process shows: kill -9, logs, signals. */
public final class ChildServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code serve --port 0 --data-dir DIR} plus {@code more}, with the production logging configuration. */
    public static ChildServer serve(Path dataDir, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback(),
                "-cp", System.getProperty("java.class.path"), "dev.nova.server.cli.NovaServerCli",
                "serve", "--port", "0", "--data-dir", dataDir.toString(), "--llm-url", "http://127.0.0.1:9/v1"));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new ChildServer(p, listeningPort(p));
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The server's own logging configuration (logs to stderr), from this module or from a module beside it. */
    static Path logback() {
        Path here = Path.of("src/main/resources/logback.xml");
        return (java.nio.file.Files.exists(here) ? here : Path.of("../server-embedded/src/main/resources/logback.xml"))
                .toAbsolutePath().normalize();
    }

    /** A WebSocket connection to this node, authenticated as {@code name} with {@code key}. */
    public WsTestClient login(String name, String key) {
        WsTestClient c = WsTestClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/api/nova/ws/" + name));
        c.send(Frames.auth(key)).next(dev.nova.protocol.ServerMessage.ConnectionSuccess.class);
        return c;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, as systemd stops a service: the graceful shutdown runs. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }

    /** SIGKILL: no shutdown hook, no close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static int listeningPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> { // reads stdout to its end, so the child never blocks on a full pipe
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("nova-server listening on ")) {
                        listening.complete(l);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            listening.complete(null);
        }, "child-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String line = listening.get(WsTestClient.WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        assertThat(line).as("the server's listening line").isNotNull();
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
